import { describe, expect, test } from "bun:test";
import { commissionModel } from "../../core/commission/index.ts";
import { money, ZERO } from "../../core/money.ts";
import { defaultSizing } from "../../core/sizing.ts";
import { plainSetup } from "../../engine/trading-setup.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { HistoricalFeed } from "../historical-feed.ts";
import { randomWalkSeries } from "../random-walk.ts";
import { runBacktest } from "../run-backtest.ts";
import { runEngineWalkForward, type EngineWalkForwardOptions } from "./engine.ts";
import { parseWalkForwardFlags } from "../../cli/_walk-forward-flags.ts";

const series = [randomWalkSeries("AAA", 1500, 7), randomWalkSeries("BBB", 1500, 11)];
const base: EngineWalkForwardOptions = {
  series,
  strategy: "sma-cross",
  fixedParams: {},
  setup: plainSetup({ sizing: defaultSizing(2), slippageBps: 1 }),
  barsPerYear: 252,
  initialCash: 100_000,
  config: parseWalkForwardFlags({ "walk-forward": "rolling", train: "500", test: "250", grid: "fast=5,10,20:slow=10,30,60", objective: "sharpe" })!,
};

describe("runEngineWalkForward (real engine)", () => {
  test("workers and a single thread choose the same parameters and produce the same stitched equity", async () => {
    const [threads, single] = await Promise.all([runEngineWalkForward({ ...base, workers: 2 }), runEngineWalkForward({ ...base, workers: 1 })]);
    expect(threads.windows.length).toBe(4);
    expect(threads.combinations).toBe(7); // 9, less fast=10/slow=10 and fast=20/slow=10 (refused by sma-cross)
    expect(threads.windows.map((w) => w.params)).toEqual(single.windows.map((w) => w.params));
    expect(threads.equity).toEqual(single.equity);
    expect(threads.windows).toEqual(single.windows); // in-sample stats survive the trip from the workers
    expect(threads.trades.map((t) => t.pnl.toString())).toEqual(single.trades.map((t) => t.pnl.toString()));
    expect(threads.equity.length).toBe(1000);
    expect(threads.equity[0]!.time).toBe(series[0]!.time[500]!);
    expect(threads.stats.exposure).not.toBeNull();
  });

  test("the setup's exits fire in the out-of-sample account and are listed, the same from workers as from one thread", async () => {
    const setup = { ...base.setup, exits: { stopLossPct: 2, takeProfitPct: 4, trailingStopPct: 0 } };
    const [threads, single] = await Promise.all([runEngineWalkForward({ ...base, setup, workers: 2 }), runEngineWalkForward({ ...base, setup, workers: 1 })]);
    expect(new Set(single.exits.map((e) => e.reason))).toEqual(new Set(["stop-loss", "take-profit"]));
    for (const e of single.exits) expect(e.time).toBeGreaterThanOrEqual(series[0]!.time[500]!);
    expect(threads.exits).toEqual(single.exits);
    expect(threads.refusals).toEqual(single.refusals);
    const plain = await runEngineWalkForward({ ...base, workers: 1 });
    expect(plain.exits).toEqual([]);
    expect([plain.data, plain.killSwitch]).toEqual([null, null]); // plainSetup: no validation, no risk
  });

  test("each out-of-sample window starts with the capital the previous one ended with", async () => {
    const wf = await runEngineWalkForward({ ...base, workers: 1 });
    for (let k = 1; k < wf.windows.length; k++) {
      const prevEnd = wf.equity[k * 250 - 1]!.equity;
      expect(wf.windows[k]!.outOfSample.startValue).toBeCloseTo(prevEnd, 6);
    }
    for (const t of wf.trades) expect(t.entryTime).toBeGreaterThanOrEqual(series[0]!.time[500]!);
  });

  test("buy-and-hold is measured over the out-of-sample period, bought at its first bar with the same capital", async () => {
    const wf = await runEngineWalkForward({ ...base, workers: 1 });
    const b = wf.stats.benchmark!;
    expect(b.start).toBe(wf.stats.start!);
    expect(b.end).toBe(wf.stats.end!);
    expect(b.bars).toBe(wf.stats.bars);
    expect(b.startValue).toBe(base.initialCash);
    expect(wf.benchmark[0]).toEqual({ time: series[0]!.time[500]!, equity: base.initialCash });
    // Half the capital in each symbol at its close on the first test bar.
    const part = (s: (typeof series)[number]) => (base.initialCash / 2) * (s.close[1499]! / s.close[500]!);
    expect(b.endValue!).toBeCloseTo(part(series[0]!) + part(series[1]!), 6);
  });

  test("a grid parameter the strategy does not take is a clear error", async () => {
    const config = { ...base.config, grid: { fsat: [5] } };
    await expect(runEngineWalkForward({ ...base, config, workers: 1 })).rejects.toThrow("--grid: strategy sma-cross has no parameter 'fsat'; it takes fast, slow");
  });

  test("out-of-sample windows are one continuous account: with one parameter set it is a plain backtest of the test period", async () => {
    // One grid point: every window chooses it, so carrying positions across windows must give
    // exactly one backtest from the first test bar to the end (same trades, same equity).
    const config = { ...base.config, grid: { fast: [5], slow: [30] } };
    const wf = await runEngineWalkForward({ ...base, config, workers: 1 });
    const plain = runBacktest({
      feed: new HistoricalFeed(series),
      strategy: configureStrategy("sma-cross", { fast: 5, slow: 30 }),
      initialCash: base.initialCash,
      commission: commissionModel("ib-fixed"),
      slippageBps: 1,
      barsPerYear: 252,
      range: { from: 500, to: 1500 },
    });
    expect(wf.trades.map((t) => [t.symbol, t.entryTime, t.exitTime, t.qty, t.pnl.toString()])).toEqual(
      plain.trades.map((t) => [t.symbol, t.entryTime, t.exitTime, t.qty, t.pnl.toString()]),
    );
    expect(wf.equity.map((p) => p.equity)).toEqual([...plain.equity.equity]);
  });

  test("positions carry across windows: only the final bar can leave trades open, and the books add up to the cent", async () => {
    const wf = await runEngineWalkForward({ ...base, workers: 1 });
    const open = wf.trades.filter((t) => t.exitTime === null);
    expect(open.length).toBeLessThanOrEqual(series.length);
    expect(wf.trades.slice(wf.trades.length - open.length)).toEqual(open); // listed last
    expect(new Set(open.map((t) => t.symbol)).size).toBe(open.length);
    // A trade held over a window boundary is one trade (not closed at the boundary and reopened).
    const boundaries = wf.windows.slice(1).map((w) => w.test.fromTime);
    const spanning = wf.trades.filter((t) => boundaries.some((b) => t.entryTime < b && (t.exitTime ?? Infinity) >= b));
    expect(spanning.length).toBeGreaterThan(0);
    // Every closed trade paid both legs (ib-fixed: at least USD 1.00 each).
    for (const t of wf.trades) if (t.exitTime !== null) expect(t.commission.gte(2)).toBe(true);
    // final equity = initial cash + closed P&L (net) + open P&L (unrealized, net of entry commission)
    const openPnl = open.reduce((sum, t) => sum.plus(t.pnl), ZERO);
    const books = money(base.initialCash).plus(wf.stats.realizedPnl).plus(openPnl);
    expect(Math.abs(wf.equity.at(-1)!.equity - Number(books.toString()))).toBeLessThan(0.005);
    expect(wf.stats.openTrades).toBe(open.length);
  });
});
