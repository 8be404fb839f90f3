import { describe, expect, test } from "bun:test";
import { HistoricalFeed, seriesFromBars } from "../backtest/historical-feed.ts";
import { runBacktest } from "../backtest/run-backtest.ts";
import type { Bar } from "../core/bar.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";

const bar = (time: number, close: number): Bar => ({ time, open: close, high: close, low: close, close, volume: 1 });

// B has no bar at time 1.
const feed = () =>
  new HistoricalFeed([
    seriesFromBars("A", [bar(0, 10), bar(1, 11), bar(2, 12), bar(3, 13)]),
    seriesFromBars("B", [bar(0, 20), bar(2, 22), bar(3, 23)]),
  ]);

describe("market context", () => {
  test("a per-symbol strategy reads every symbol's latest closed bar, never one later than its own", () => {
    const seen: string[] = [];
    const strategy: ConfiguredStrategy = {
      name: "peek",
      params: {},
      create: (setup) => ({
        onBar(ctx) {
          const other = setup.universe.find((s) => s !== ctx.symbol)!;
          const b = ctx.market.bar(other);
          seen.push(`${ctx.symbol}@${ctx.bar.time} sees ${other}@${b?.time ?? "-"}`);
          expect(b === undefined || b.time <= ctx.bar.time).toBe(true);
        },
      }),
    };
    runBacktest({ feed: feed(), strategy });
    expect(seen).toEqual([
      "A@0 sees B@-", "B@0 sees A@0",
      "A@1 sees B@0",
      "A@2 sees B@0", "B@2 sees A@2",
      "A@3 sees B@2", "B@3 sees A@3",
    ]);
  });

  test("a portfolio strategy runs once per time step, after every symbol's bar of that step, and may trade any of them", () => {
    const steps: string[] = [];
    const strategy: ConfiguredStrategy = {
      name: "rotate",
      params: {},
      create: () => {
        throw new Error("portfolio only");
      },
      createPortfolio: (setup) => {
        const sma = setup.indicator("sma_2", "B");
        return {
          onStep(ctx) {
            const a = ctx.market.bar("A")!;
            const b = ctx.market.bar("B")!;
            steps.push(`${ctx.time}: A@${a.time} B@${b.time} smaB=${sma.value()}`);
            if (ctx.time === 2) ctx.submit({ symbol: "B", side: "buy", qty: 5, type: "market", tif: "day" });
          },
        };
      },
    };
    const result = runBacktest({ feed: feed(), strategy });
    expect(steps).toEqual(["0: A@0 B@0 smaB=NaN", "1: A@1 B@0 smaB=NaN", "2: A@2 B@2 smaB=21", "3: A@3 B@3 smaB=22.5"]);
    expect(result.fills.map((f) => [f.symbol, f.qty, f.time, f.orderKey])).toEqual([["B", 5, 3, "rt:rotate:B:buy:2"]]);
  });
});
