import { describe, expect, test } from "bun:test";
import type { Bar } from "../core/bar.ts";
import { mulberry32 } from "../core/seeded-random.ts";
import { configureStrategy } from "../strategy/registry.ts";
import { HistoricalFeed, seriesFromBars } from "./historical-feed.ts";
import { runBacktest } from "./run-backtest.ts";
import { plainSetup } from "../engine/trading-setup.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";

const DAY = 86_400_000;

/** Daily bars from per-day log returns, all at 100 to start. */
function bars(returns: readonly number[]): Bar[] {
  let close = 100;
  return returns.map((r, i) => {
    const open = close;
    close = open * Math.exp(r);
    return { time: Date.UTC(2021, 0, 4) + i * DAY, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 };
  });
}

function gaussians(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => 0.01 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

describe("correlation-aware sizing in a backtest", () => {
  // A and B move identically (correlation 1); C moves independently; all with 1% daily sigma.
  // Over the 60 returns the first entry sees, the patterns are exactly uncorrelated with exactly
  // equal sample volatility, so the only difference between the symbols is the correlation.
  const pattern = (signs: number[]) => Array.from({ length: 61 }, (_, i) => (i === 0 ? 0 : 0.01 * signs[(i - 1) % 4]!));
  const common = [...pattern([1, 1, -1, -1]), ...gaussians(11, 140)];
  const own = [...pattern([1, -1, 1, -1]), ...gaussians(12, 140)];
  const feed = new HistoricalFeed([seriesFromBars("A", bars(common)), seriesFromBars("B", bars(common)), seriesFromBars("C", bars(own))]);
  const held = (result: ReturnType<typeof runBacktest>) => {
    const value = new Map<string, number>();
    for (const f of result.fills) value.set(f.symbol, (value.get(f.symbol) ?? 0) + f.qty * Number(f.price));
    return value;
  };

  test("risk-parity: two perfectly correlated symbols together get the size one uncorrelated symbol gets", () => {
    const result = runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "risk-parity", lookback: 60 }, initialCash: 1_000_000 });
    const value = held(result);
    const [a, b, c] = ["A", "B", "C"].map((s) => value.get(s)!);
    expect(a).toBeCloseTo(b!, -3); // same prices, same weight (whole shares aside)
    // Ledoit-Wolf shrinkage pulls the estimated correlation of 1 a little toward 0, so the pair
    // gets slightly more than C (2 / (2 - shrinkage) times): within 5%, against 2x for pct-equity.
    expect((a! + b!) / c!).toBeGreaterThan(0.99);
    expect((a! + b!) / c!).toBeLessThan(1.05);
    // Entries wait for a full covariance window: nothing was bought in the first 60 bars.
    const first = Math.min(...result.fills.map((f) => f.time));
    expect(first).toBeGreaterThan(Date.UTC(2021, 0, 4) + 60 * DAY);
  });

  test("pct-equity, by contrast, gives the correlated pair twice the uncorrelated symbol", () => {
    const value = held(runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "pct-equity", pct: 30 }, initialCash: 1_000_000 }));
    expect((value.get("A")! + value.get("B")!) / value.get("C")!).toBeCloseTo(2, 1);
  });

  test("target-vol: a low target holds a smaller portfolio than a high one, never more than equity", () => {
    const low = held(runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "target-vol", pct: 5, lookback: 60 }, initialCash: 1_000_000 }));
    const high = held(runBacktest({ feed, strategy: configureStrategy("buy-and-hold"), sizing: { kind: "target-vol", pct: 500, lookback: 60 }, initialCash: 1_000_000 }));
    const total = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
    expect(total(low)).toBeLessThan(total(high) / 2);
    expect(total(high)).toBeLessThanOrEqual(1_000_000);
    // 5% a year at about 0.8% daily portfolio sigma (A+B half, C half): about 40% invested.
    expect(total(low) / 1_000_000).toBeGreaterThan(0.2);
    expect(total(low) / 1_000_000).toBeLessThan(0.6);
  });

  test("risk max-correlated-exposure: the second of two perfectly correlated symbols is refused, the uncorrelated one is not", () => {
    // Buys every symbol on the 100th bar, when 60 steps of returns are known.
    const late: ConfiguredStrategy = {
      name: "late-buyer",
      params: {},
      create: ({ symbol }) => {
        let n = 0;
        return { onBar: (ctx) => void (n++ === 100 && ctx.submit({ symbol, side: "buy", qty: ctx.entryQty(), type: "market", tif: "day" })) };
      },
    };
    const limits = { maxOpenPositions: 10, maxPositionValue: 1e9, maxDailyTradesPerSymbol: 10, dailyLossLimit: 1e9, maxCorrelatedExposurePct: 40, correlationThreshold: 0.7 };
    const setup = { ...plainSetup({ sizing: { kind: "pct-equity", pct: 30 } }), risk: { limits, circuit: { failureThreshold: 5, coolDownMs: 60_000 }, sessions: ["regular" as const] } };
    const result = runBacktest({ feed, strategy: late, setup, initialCash: 1_000_000 });
    const bought = new Set(result.fills.map((f) => f.symbol));
    expect(bought).toEqual(new Set(["A", "C"]));
    expect(result.refusals.map((r) => [r.symbol, r.rule])).toEqual([["B", "max-correlated-exposure"]]);
    expect(result.refusals[0]!.reason).toContain("B, A (correlation above 0.7)");
  });
});
