import { describe, expect, test } from "bun:test";
import { buildTradingSetup } from "../src/app/setup/trading-setup.ts";
import { HistoricalFeed } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { prepareBacktest, runBacktest, type BacktestResult } from "../src/backtest/run-backtest.ts";
import { StreamingFeed, type GrowingSeries } from "../src/backtest/streaming-feed.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { testConfig } from "./run-helpers.ts";

// A daily random walk with risk rules, exits and validation: orders, refusals and exits to compare.
const config = testConfig("/nonexistent", { risk: { stopLossPct: 2, takeProfitPct: 3, maxDailyTradesPerSymbol: 1 } });
const strategy = () => configureStrategy("sma-cross", { fast: 3, slow: 8 });
const setup = buildTradingSetup(config, { strategy: strategy(), symbols: ["A"], barSize: "1d" });
const series = randomWalkSeries("A", 3000, 7);

/** The series' first `settled` of its bars, settling 250 at a time (a worker reading a file). */
function growing(settled: number): GrowingSeries {
  let ready = 0;
  return { ...series, expected: settled, waitFor: (n) => (ready = Math.min(settled, Math.max(ready, Math.min(n, ready + 250)))) };
}

function first(n: number) {
  const { symbol, time, open, high, low, close, volume } = series;
  return { symbol, time: time.slice(0, n), open: open.slice(0, n), high: high.slice(0, n), low: low.slice(0, n), close: close.slice(0, n), volume: volume.slice(0, n) };
}

function outcome(r: BacktestResult) {
  return { ...r, equity: [...r.equity.time, ...r.equity.equity], exposure: [...r.exposure], finalCash: r.finalCash.toString() };
}

describe("a backtest prepared before its bars are read", () => {
  test("decides as runBacktest does over the same bars: orders, refusals, exits, notices and the recorded equity", () => {
    const bars = 2600;
    const whole = runBacktest({ feed: new HistoricalFeed([first(bars)]), strategy: strategy(), setup, initialCash: 50_000, barsPerYear: 252 });
    const prepared = prepareBacktest({ symbols: ["A"], tradeFrom: -Infinity, strategy: strategy(), setup, initialCash: 50_000, barsPerYear: 252 });
    const streamed = prepared.run(new StreamingFeed(growing(bars)));
    expect(whole.fills.length).toBeGreaterThan(10);
    expect(whole.refusals.length + whole.exits.length).toBeGreaterThan(0);
    expect(streamed.bars).toBe(bars);
    expect(outcome(streamed)).toEqual(outcome(whole));
  });

  test("runs once, and only over its plan's symbols", () => {
    const prepared = prepareBacktest({ symbols: ["A"], tradeFrom: -Infinity, strategy: strategy(), setup, barsPerYear: 252 });
    expect(() => prepareBacktest({ symbols: ["B"], tradeFrom: -Infinity, strategy: strategy(), setup, barsPerYear: 252 }).run(new StreamingFeed(growing(10)))).toThrow(/symbols A are not the plan's B/);
    prepared.run(new StreamingFeed(growing(10)));
    expect(() => prepared.run(new StreamingFeed(growing(10)))).toThrow(/run twice/);
  });
});
