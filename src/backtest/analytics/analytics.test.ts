import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import type { TradeRecord } from "../types.ts";
import { portfolioAnalytics, thinnedRolling, withByStrategy } from "./analytics.ts";
import { attribution } from "./attribution.ts";
import { analyticsJson } from "./json.ts";
import { thinRolling } from "./rolling.ts";

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 0, 1); // a Monday
const time = Array.from({ length: 300 }, (_, i) => t0 + i * DAY);
const bench = time.map((_, i) => 100 * Math.exp(0.01 * Math.sin(i / 3) + 0.0003 * i));
const trade = (symbol: string, entryDay: number, exitDay: number | null, pnl: number): TradeRecord => ({
  symbol,
  side: "long",
  qty: 10,
  entryTime: t0 + entryDay * DAY,
  entryPrice: money(100),
  exitTime: exitDay === null ? null : t0 + exitDay * DAY,
  exitPrice: exitDay === null ? null : money(101),
  pnl: money(pnl),
  commission: money(2),
});

describe("portfolio analytics", () => {
  test("against itself: beta 1, correlation 1, no alpha, no tracking error", () => {
    const a = portfolioAnalytics({ time, equity: bench.map((c) => c * 1000), trades: [], strategyOf: () => "s", benchmark: { symbol: "SPY", time, close: bench }, barsPerYear: 252, riskFreeRate: 0.04 });
    expect(a.benchmark!.beta).toBeCloseTo(1, 9);
    expect(a.benchmark!.correlation).toBeCloseTo(1, 9);
    expect(a.benchmark!.alpha).toBeCloseTo(0, 9);
    expect(a.benchmark!.trackingError).toBeCloseTo(0, 9);
    expect(a.benchmark!.bars).toBe(299);
  });

  test("twice the benchmark's daily return: beta 2; the risk-free rate is what alpha is measured over", () => {
    const equity = [1000];
    for (let i = 1; i < time.length; i++) equity.push(equity[i - 1]! * (1 + 2 * (bench[i]! / bench[i - 1]! - 1)));
    const noRate = portfolioAnalytics({ time, equity, trades: [], strategyOf: () => "s", benchmark: { symbol: "SPY", time, close: bench }, barsPerYear: 252, riskFreeRate: 0 });
    expect(noRate.benchmark!.beta).toBeCloseTo(2, 9);
    expect(noRate.benchmark!.alpha).toBeCloseTo(0, 9);
    // With a 4% rate, 2x leverage on excess returns leaves -rf as alpha: r_p - rf = 2(r_b - rf) + rf.
    const withRate = portfolioAnalytics({ time, equity, trades: [], strategyOf: () => "s", benchmark: { symbol: "SPY", time, close: bench }, barsPerYear: 252, riskFreeRate: 0.04 });
    expect(withRate.benchmark!.alpha!).toBeCloseTo((Math.pow(1.04, 1 / 252) - 1) * 252, 6);
    expect(withRate.benchmark!.informationRatio).not.toBeNull();
  });

  test("attribution by symbol, strategy, regime and month; holding time and weekdays", () => {
    const trades = [trade("AAPL", 0, 10, 50), trade("AAPL", 30, 35, -20), trade("MSFT", 2, 40, 100), trade("MSFT", 290, null, 7)];
    const a = portfolioAnalytics({
      time,
      equity: time.map(() => 1000),
      trades,
      strategyOf: (t) => (t.symbol === "AAPL" ? "sma-cross" : "buy-and-hold"),
      regimeAt: (t) => (t < t0 + 20 * DAY ? "bull low-vol" : undefined),
      barsPerYear: 252,
      riskFreeRate: 0,
    });
    expect(a.attribution.bySymbol).toEqual([
      { key: "AAPL", trades: 2, pnl: 30, winRate: 0.5, commission: 4 },
      { key: "MSFT", trades: 2, pnl: 107, winRate: 1, commission: 4 },
    ]);
    expect(a.attribution.byStrategy.map((r) => [r.key, r.pnl])).toEqual([["buy-and-hold", 107], ["sma-cross", 30]]);
    expect(a.attribution.byRegime.map((r) => [r.key, r.trades])).toEqual([["bull low-vol", 2], ["unknown", 2]]);
    expect(a.attribution.byMonth.map((r) => [r.key, r.pnl])).toEqual([["2024-01", 50], ["2024-02", 80], ["open", 7]]); // AAPL 50 closed Jan 11; -20 Feb 5 and 100 Feb 10
    expect(a.habits.averageHoldingDays).toBeCloseTo((10 + 5 + 38) / 3, 9);
    expect(a.habits.averageHoldingBars).toBeCloseTo((10 + 5 + 38) / 3, 9);
    expect(a.habits.tradesByWeekday[1]).toBe(1); // 2024-01-01 is a Monday
    expect(a.habits.tradesByWeekday.reduce((s, x) => s + x, 0)).toBe(4);
    // A flat equity curve: no volatility, no Sharpe (undefined, not 0), no drawdown.
    expect(a.rolling.volatility.at(-1)).toBe(0);
    expect(a.rolling.sharpe.at(-1)).toBeNull();
    expect(a.rolling.drawdown.every((d) => d === 0)).toBe(true);
  });

  test("rolling drawdown and volatility follow the equity", () => {
    const equity = time.map((_, i) => (i < 150 ? 1000 + i : 1149 - (i - 149) * 2));
    const a = portfolioAnalytics({ time, equity, trades: [], strategyOf: () => "s", barsPerYear: 252, riskFreeRate: 0, window: 20 });
    expect(a.rolling.sharpe.slice(0, 20).every((x) => x === null)).toBe(true);
    expect(a.rolling.sharpe[100]!).toBeGreaterThan(0);
    expect(a.rolling.sharpe[250]!).toBeLessThan(0);
    expect(a.rolling.drawdown.at(-1)).toBeCloseTo(1 - equity.at(-1)! / 1149, 9);
  });

  test("--json's thinned rolling series equals the full series thinned, made with or without it", () => {
    const equity = time.map((_, i) => 1000 * Math.exp(0.02 * Math.sin(i / 7) + 0.001 * i));
    for (const maxPoints of [7, 50, 299, 300, 1000]) {
      const input = { time, equity, trades: [], strategyOf: () => "s", barsPerYear: 252, riskFreeRate: 0.03, window: 20 };
      const lean = portfolioAnalytics(input);
      const thin = thinnedRolling(lean, maxPoints);
      const full = portfolioAnalytics(input);
      expect(thin).toEqual(thinRolling(full.rolling, maxPoints));
      expect(thinnedRolling(full, maxPoints)).toEqual(thin);
      expect(JSON.stringify(analyticsJson(lean, maxPoints))).toBe(JSON.stringify(analyticsJson(full, maxPoints)));
    }
  });

  test("withByStrategy: attribution by strategy from each strategy's book, the rest as before", () => {
    const trades = [trade("A", 1, 3, 10), trade("B", 2, 5, -4), trade("A", 6, null, 1)];
    const input = { time, equity: bench, trades, strategyOf: () => "both", barsPerYear: 252, riskFreeRate: 0, window: 20 };
    const own = attribution({ trades, strategyOf: (t) => (t.symbol === "A" ? "a" : "b") });
    const got = withByStrategy(portfolioAnalytics(input), own);
    const plain = portfolioAnalytics(input);
    const expected = { ...plain, attribution: { ...plain.attribution, byStrategy: own.byStrategy } };
    expect(JSON.stringify(analyticsJson(got))).toBe(JSON.stringify(analyticsJson(expected)));
    expect(got.attribution.byStrategy.map((r) => r.key)).toEqual(["a", "b"]);
  });
});
