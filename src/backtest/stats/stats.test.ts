import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import { computeStats } from "./stats.ts";
import { barsPerYear } from "./bars-per-year.ts";
import { buyAndHoldEquity } from "./benchmark.ts";
import { statsToJson } from "./json.ts";
import type { EquityPoint, TradeRecord } from "../types.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const points = (values: number[]): EquityPoint[] => values.map((equity, i) => ({ time: T0 + i * DAY, equity }));

function trade(pnl: string, opts: Partial<TradeRecord> = {}): TradeRecord {
  return {
    symbol: "SPX",
    side: "long",
    qty: 10,
    entryTime: T0,
    entryPrice: money(100),
    exitTime: T0 + DAY,
    exitPrice: money(100),
    pnl: money(pnl),
    commission: money("2"),
    ...opts,
  };
}

describe("computeStats: return and risk", () => {
  test("constant growth: total return and CAGR exact, zero volatility, Sharpe and drawdown undefined", () => {
    const values = Array.from({ length: 252 }, (_, i) => 100 * Math.pow(1.001, i + 1));
    const s = computeStats({ equity: points(values), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(s.totalReturn!).toBeCloseTo(Math.pow(1.001, 252) - 1, 12);
    expect(s.cagr!).toBeCloseTo(Math.pow(1.001, 252) - 1, 12);
    expect(s.volatility!).toBeCloseTo(0, 12);
    expect(s.sharpe).toBeNull();
    expect(s.sortino).toBeNull();
    expect(s.maxDrawdown).toBeNull();
    expect(s.calmar).toBeNull();
  });

  test("CAGR annualizes over bars / barsPerYear: doubling in two years is sqrt(2) - 1", () => {
    const values = Array.from({ length: 504 }, (_, i) => 100 * Math.pow(2, (i + 1) / 504));
    const s = computeStats({ equity: points(values), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(s.years).toBe(2);
    expect(s.totalReturn!).toBeCloseTo(1, 12);
    expect(s.cagr!).toBeCloseTo(Math.SQRT2 - 1, 12);
  });

  // Four bars are a year's tenth at 40 bars a year: long enough to annualize (see the short-span test).
  test("hand-computed Sharpe, Sortino and volatility on four returns", () => {
    // returns 1%, -2%, 3%, 0%: mean 0.005, sample std 0.0208167, downside deviation sqrt(0.0004 / 4) = 0.01
    const s = computeStats({ equity: points([101, 98.98, 101.9494, 101.9494]), trades: [], initialCash: 100, barsPerYear: 40 });
    const std = Math.sqrt(0.0013 / 3);
    expect(s.sharpe!).toBeCloseTo((0.005 / std) * Math.sqrt(40), 9);
    expect(s.volatility!).toBeCloseTo(std * Math.sqrt(40), 9);
    expect(s.sortino!).toBeCloseTo(0.5 * Math.sqrt(40), 9);
  });

  test("a risk-free rate is taken per bar from the annual rate", () => {
    const s = computeStats({ equity: points([101, 98.98, 101.9494, 101.9494]), trades: [], initialCash: 100, barsPerYear: 40, riskFreeRate: 0.05 });
    const rf = Math.pow(1.05, 1 / 40) - 1;
    const std = Math.sqrt(0.0013 / 3); // sample std of 1%, -2%, 3%, 0%; subtracting rf does not change it
    expect(s.sharpe!).toBeCloseTo(((0.005 - rf) / std) * Math.sqrt(40), 9);
  });

  test("a span too short to annualize leaves CAGR, volatility, Sharpe, Sortino, Calmar and turnover null, saying why", () => {
    // One day of 5-minute bars, up 5%: compounded over a year that was a CAGR in the billions of percent.
    const values = Array.from({ length: 78 }, (_, i) => 100 * (1 + (0.05 * (i + 1)) / 78) - (i % 2));
    const s = computeStats({ equity: points(values), trades: [trade("5")], initialCash: 100, barsPerYear: 78 * 252 });
    expect(s.totalReturn!).toBeCloseTo(0.04, 12);
    for (const key of ["cagr", "volatility", "sharpe", "sortino", "calmar", "turnover"] as const) expect([key, s[key]]).toEqual([key, null]);
    expect(s.notAnnualized).toBe("78 bars span about one trading day, too short to annualize; CAGR, volatility, Sharpe, Sortino and Calmar need at least 21 trading days");
    expect(computeStats({ equity: points(values.slice(0, 21)), trades: [], initialCash: 100, barsPerYear: 252 }).notAnnualized).toBeNull();
  });

  test("one known drawdown: depth, dates, duration, recovery, Calmar", () => {
    const s = computeStats({ equity: points([100, 110, 99, 88, 121, 130]), trades: [], initialCash: 100, barsPerYear: 40 });
    const dd = s.maxDrawdown!;
    expect(dd.depth).toBeCloseTo(0.2, 12);
    expect(dd.peakTime).toBe(T0 + DAY);
    expect(dd.troughTime).toBe(T0 + 3 * DAY);
    expect(dd.recoveryTime).toBe(T0 + 4 * DAY);
    expect(dd.durationBars).toBe(3);
    expect(dd.durationDays).toBe(3);
    expect(s.calmar! / (s.cagr! / 0.2)).toBeCloseTo(1, 12);
  });

  test("the deepest and the longest drawdown can differ; an unrecovered one runs to the last bar", () => {
    // 100 -> 50 -> 100 (deep, 2 bars), then 100 -> 95 -> 96 -> 97 -> 98 (shallow, open at the end)
    const s = computeStats({ equity: points([100, 50, 100, 95, 96, 97, 98]), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(s.maxDrawdown!.depth).toBeCloseTo(0.5, 12);
    expect(s.maxDrawdown!.durationBars).toBe(2);
    expect(s.longestDrawdown!.depth).toBeCloseTo(0.05, 12);
    expect(s.longestDrawdown!.recoveryTime).toBeNull();
    expect(s.longestDrawdown!.durationBars).toBe(4);
  });

  test("a loss on the first bar is a drawdown from the starting capital", () => {
    const s = computeStats({ equity: points([90, 95]), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(s.maxDrawdown!.depth).toBeCloseTo(0.1, 12);
    expect(s.totalReturn!).toBeCloseTo(-0.05, 12);
  });

  test("an empty run invents nothing", () => {
    const s = computeStats({ equity: [], trades: [], initialCash: 100_000, barsPerYear: 252 });
    for (const key of ["totalReturn", "cagr", "volatility", "sharpe", "sortino", "calmar", "maxDrawdown", "winRate", "profitFactor", "avgWin", "avgLoss", "expectancy", "exposure", "turnover", "benchmark"] as const) {
      expect([key, s[key]]).toEqual([key, null]);
    }
    expect(s.trades).toBe(0);
  });

  test("a total loss has a total return of -100% and no CAGR", () => {
    const s = computeStats({ equity: points([50, 0]), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(s.totalReturn).toBe(-1);
    expect(s.cagr).toBeNull();
    expect(s.maxDrawdown!.depth).toBe(1);
  });

  test("typed-array input gives the same figures as points", () => {
    const values = [101, 98.98, 101.9494, 101.9494];
    const a = computeStats({ equity: points(values), trades: [], initialCash: 100, barsPerYear: 252 });
    const b = computeStats({
      equity: { time: Float64Array.from(values, (_, i) => T0 + i * DAY), equity: Float64Array.from(values) },
      trades: [],
      initialCash: money(100),
      barsPerYear: 252,
    });
    expect(b).toEqual(a);
  });
});

describe("computeStats: trades", () => {
  const trades = [trade("30"), trade("-10"), trade("20"), trade("0"), trade("-20")];

  test("win rate, profit factor, average win and loss, expectancy, commissions: exact money", () => {
    const s = computeStats({ equity: points([100, 100]), trades, initialCash: 100, barsPerYear: 252 });
    expect(s.trades).toBe(5);
    expect(s.wins).toBe(2);
    expect(s.losses).toBe(2);
    expect(s.winRate).toBe(0.4);
    expect(s.profitFactor).toBeCloseTo(50 / 30, 12);
    expect(s.avgWin!.toString()).toBe("25");
    expect(s.avgLoss!.toString()).toBe("-15");
    expect(s.expectancy!.toString()).toBe("4");
    expect(s.commissions.toString()).toBe("10");
  });

  test("no losing trade: profit factor is undefined, not infinite; no trades: no win rate", () => {
    const winners = computeStats({ equity: points([100, 100]), trades: [trade("5")], initialCash: 100, barsPerYear: 252 });
    expect(winners.profitFactor).toBeNull();
    expect(winners.avgLoss).toBeNull();
    const none = computeStats({ equity: points([100, 100]), trades: [], initialCash: 100, barsPerYear: 252 });
    expect(none.winRate).toBeNull();
    expect(none.expectancy).toBeNull();
  });

  test("an open trade counts for exposure and commissions but not for win rate", () => {
    const open = trade("7", { entryTime: T0 + 2 * DAY, exitTime: null, exitPrice: null, commission: money("1.25") });
    const s = computeStats({ equity: points([100, 100, 100, 107]), trades: [open], initialCash: 100, barsPerYear: 252 });
    expect(s.trades).toBe(0);
    expect(s.openTrades).toBe(1);
    expect(s.winRate).toBeNull();
    expect(s.commissions.toString()).toBe("1.25");
    expect(s.exposure).toBe(0.5);
  });

  test("open P&L: realized (closed) + open (unrealized, net of entry commission) = final value - starting capital", () => {
    const open = trade("6.5", { exitTime: null, exitPrice: null, commission: money("1") });
    const s = computeStats({ equity: points([100, 104.5]), trades: [trade("-2"), open], initialCash: 100, barsPerYear: 252 });
    expect(s.realizedPnl.toString()).toBe("-2");
    expect(s.openPnl.toString()).toBe("6.5");
    expect(s.realizedPnl.plus(s.openPnl).toNumber()).toBe(s.endValue! - s.startValue);
  });

  test("exposure: held from the entry bar's close until the exit bar's open; overlaps counted once", () => {
    const a = trade("1", { entryTime: T0 + DAY, exitTime: T0 + 4 * DAY });
    const b = trade("1", { entryTime: T0 + 2 * DAY, exitTime: T0 + 3 * DAY, symbol: "QQQ" });
    const s = computeStats({ equity: points(Array(10).fill(100)), trades: [b, a], initialCash: 100, barsPerYear: 252 });
    expect(s.exposure).toBeCloseTo(0.3, 12); // bars 1, 2, 3
    const flags = computeStats({ equity: points(Array(4).fill(100)), trades: [], initialCash: 100, barsPerYear: 252, exposure: [0, 1, 1, 0] });
    expect(flags.exposure).toBe(0.5);
  });

  test("turnover: one round trip of the whole portfolio in one year is 1", () => {
    const t = trade("0", { qty: 1, entryPrice: money(100), exitPrice: money(100) });
    const s = computeStats({ equity: points(Array(252).fill(100)), trades: [t], initialCash: 100, barsPerYear: 252 });
    expect(s.turnover).toBeCloseTo(1, 12);
  });
});

describe("benchmark and helpers", () => {
  test("buy-and-hold stats come from the benchmark series", () => {
    const bench = buyAndHoldEquity({ A: points([10, 20, 10, 15]).map((p) => ({ ...p, open: p.equity, high: p.equity, low: p.equity, close: p.equity, volume: 0 })) }, 1000);
    expect(bench.map((p) => p.equity)).toEqual([1000, 2000, 1000, 1500]);
    const s = computeStats({ equity: points([100, 100, 100, 100]), trades: [], initialCash: 100, barsPerYear: 252, benchmark: bench });
    expect(s.benchmark!.totalReturn).toBeCloseTo(0.5, 12);
    expect(s.benchmark!.maxDrawdown!.depth).toBeCloseTo(0.5, 12);
  });

  test("buy-and-hold splits capital equally; a late symbol waits in cash", () => {
    const bar = (i: number, close: number) => ({ time: T0 + i * DAY, open: close, high: close, low: close, close, volume: 0 });
    const bench = buyAndHoldEquity({ A: [bar(0, 10), bar(1, 20), bar(2, 20)], B: [bar(1, 5), bar(2, 10)] }, 1000);
    expect(bench.map((p) => p.equity)).toEqual([1000, 1500, 2000]);
  });

  test("buy-and-hold from a later start: bought at the first close at or after it, with the whole capital", () => {
    const bar = (i: number, close: number) => ({ time: T0 + i * DAY, open: close, high: close, low: close, close, volume: 0 });
    const bench = buyAndHoldEquity({ A: [bar(0, 10), bar(1, 20), bar(2, 40), bar(3, 20)], B: [bar(0, 5), bar(2, 10), bar(3, 20)] }, 1000, T0 + DAY);
    // From day 1: A buys 500/20 = 25 shares; B has no bar on day 1, so it buys on day 2 at 10 (50 shares).
    expect(bench.map((p) => [p.time, p.equity])).toEqual([[T0 + DAY, 1000], [T0 + 2 * DAY, 1500], [T0 + 3 * DAY, 1500]]);
  });

  test("bars per year by bar size", () => {
    expect(barsPerYear("1d")).toBe(252);
    expect(barsPerYear("1h")).toBe(252 * 7);
    expect(barsPerYear("1m")).toBe(252 * 390);
  });

  test("JSON form: ISO times, money as numbers, nulls kept", () => {
    const s = computeStats({ equity: points([100, 110, 99, 121]), trades: [trade("-3.5")], initialCash: 100, barsPerYear: 252 });
    const json = statsToJson(s);
    expect(json["start"]).toBe("2020-01-01T00:00:00.000Z");
    expect(json["commissions"]).toBe(2);
    expect(json["avgLoss"]).toBe(-3.5);
    expect(json["profitFactor"]).toBe(0);
    expect(json["avgWin"]).toBeNull();
    expect((json["maxDrawdown"] as Record<string, unknown>)["peakTime"]).toBe("2020-01-02T00:00:00.000Z");
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
