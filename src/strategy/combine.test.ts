import { describe, expect, test } from "bun:test";
import { HistoricalFeed, seriesFromBars } from "../backtest/historical-feed.ts";
import { runBacktest } from "../backtest/run-backtest.ts";
import { sharesByStrategy } from "../backtest/stats/by-strategy.ts";
import { noCommission } from "../core/commission/none.ts";
import { plainSetup } from "../engine/trading-setup.ts";
import { dailyBars } from "../../test/helpers/strategy-trades.ts";
import { combineStrategies, strategyOfKey } from "./combine.ts";
import { configureStrategy } from "./registry.ts";
import type { ConfiguredStrategy } from "./types.ts";

// SMA(2)/SMA(3) cross up on bar 5 and down on bar 8 (see library/sma-cross.test.ts).
const CLOSES = [10, 9, 8, 7, 8, 10, 12, 11, 9, 7, 6];

describe("several strategies in one account", () => {
  test("each member trades its own symbols, sees only its own position, and its orders carry its name", () => {
    const combined = combineStrategies([
      { strategy: configureStrategy("sma-cross", { fast: 2, slow: 3 }), symbols: ["A", "B"] },
      { strategy: configureStrategy("buy-and-hold"), symbols: ["B"] },
    ]);
    const feed = new HistoricalFeed([seriesFromBars("A", dailyBars(CLOSES)), seriesFromBars("B", dailyBars(CLOSES))]);
    const result = runBacktest({ feed, strategy: combined, sizing: { kind: "qty", qty: 10 }, commission: noCommission });
    const day = (t: number) => t / 86_400_000;
    expect(result.fills.map((f) => `${strategyOfKey(f.orderKey)} ${f.side} ${f.qty} ${f.symbol} b${day(f.time)}`)).toEqual([
      "buy-and-hold buy 10 B b1",
      "sma-cross buy 10 A b6",
      // On B, sma-cross was flat by its own books although the account held buy-and-hold's 10 shares.
      "sma-cross buy 10 B b6",
      "sma-cross sell 10 A b9",
      // ...and it sells only its own 10: buy-and-hold keeps its shares.
      "sma-cross sell 10 B b9",
    ]);
    const shares = sharesByStrategy(result.fills, (s) => (s === "A" || s === "B" ? 6 : NaN));
    expect(shares.map((s) => [s.strategy, s.fills, s.positions, s.pnl])).toEqual([
      // Bought at b1's open 9.5, worth 6 at the last close.
      ["buy-and-hold", 1, { B: 10 }, (6 - 9.5) * 10],
      // Two round trips 12.5 -> 7.5.
      ["sma-cross", 4, {}, (7.5 - 12.5) * 10 * 2],
    ]);
  });

  test("a strategy's own limits refuse its entries past them, each refusal naming the strategy and the rule", () => {
    // Buys A on its first bar and B on its third: the second entry would be a second open position.
    const stagger: ConfiguredStrategy = {
      name: "stagger",
      params: {},
      create: (setup) => {
        let n = 0;
        return {
          onBar(ctx) {
            if (n++ === (setup.symbol === "A" ? 0 : 2)) ctx.submit({ symbol: ctx.symbol, side: "buy", qty: 10, type: "market", tif: "day" });
          },
        };
      },
    };
    const combined = combineStrategies([
      { strategy: stagger, symbols: ["A", "B"], limits: { maxOpenPositions: 1 } },
      { strategy: { ...configureStrategy("buy-and-hold"), name: "capped" }, symbols: ["A"], limits: { maxPositionValue: 50 } },
    ]);
    const feed = new HistoricalFeed([seriesFromBars("A", dailyBars(CLOSES)), seriesFromBars("B", dailyBars(CLOSES))]);
    const result = runBacktest({ feed, strategy: combined, sizing: { kind: "qty", qty: 10 }, commission: noCommission });
    expect(result.fills.map((f) => `${strategyOfKey(f.orderKey)} ${f.symbol}`)).toEqual(["stagger A"]);
    // Pre-trade refusals are listed as refusals (rule and reason), not as broker notices.
    const reasons = result.refusals.map((r) => r.reason);
    // buy-and-hold asks again on every bar; each ask is refused at that bar's close.
    expect(reasons[0]).toBe("strategy capped's A position would be worth 100.00 USD, its limit is 50.00");
    expect(reasons.filter((r) => r?.startsWith("strategy stagger"))).toEqual(["strategy stagger already holds or is entering 1 symbols, its limit is 1"]);
    expect(reasons.every((r) => r?.startsWith("strategy capped's A position would be worth") || r?.startsWith("strategy stagger"))).toBe(true);
  });

  test("max open positions counts entries still working: two entries sent on one bar count against each other", () => {
    // Buys every symbol it trades on its first bar: A and B are sent on the same bar, neither filled yet.
    const eager: ConfiguredStrategy = {
      name: "eager",
      params: {},
      create: () => {
        let first = true;
        return {
          onBar(ctx) {
            if (first) ctx.submit({ symbol: ctx.symbol, side: "buy", qty: 10, type: "market", tif: "day" });
            first = false;
          },
        };
      },
    };
    const combined = combineStrategies([{ strategy: eager, symbols: ["A", "B"], limits: { maxOpenPositions: 1 } }]);
    const feed = new HistoricalFeed([seriesFromBars("A", dailyBars(CLOSES)), seriesFromBars("B", dailyBars(CLOSES))]);
    const result = runBacktest({ feed, strategy: combined, sizing: { kind: "qty", qty: 10 }, commission: noCommission });
    expect(result.fills.map((f) => `${strategyOfKey(f.orderKey)} ${f.symbol}`)).toEqual(["eager A"]);
    expect(result.refusals.map((r) => `${r.symbol} ${r.reason}`)).toEqual(["B strategy eager already holds or is entering 1 symbols, its limit is 1"]);
  });

  test("a protective exit closes each holder's own shares under its name, so the strategies' positions add up to the account's", () => {
    const combined = combineStrategies([
      { strategy: { ...configureStrategy("buy-and-hold"), name: "first" }, symbols: ["A"] },
      { strategy: { ...configureStrategy("buy-and-hold"), name: "second" }, symbols: ["A"] },
    ]);
    const feed = new HistoricalFeed([seriesFromBars("A", dailyBars(CLOSES))]);
    const setup = { ...plainSetup({ sizing: { kind: "qty", qty: 10 }, commission: "none" }), exits: { stopLossPct: 10, takeProfitPct: 0, trailingStopPct: 0 } };
    const result = runBacktest({ feed, strategy: combined, setup });
    expect(result.exits.length).toBeGreaterThan(0);
    const sells = result.fills.filter((f) => f.side === "sell");
    expect(sells.length).toBeGreaterThan(0);
    // Each exit sale carries the name of a strategy that held the shares, never the combined name.
    expect(new Set(sells.map((f) => strategyOfKey(f.orderKey)))).toEqual(new Set(["first", "second"]));
    const account = result.fills.reduce((q, f) => q + (f.side === "buy" ? f.qty : -f.qty), 0);
    const shares = sharesByStrategy(result.fills, () => 6);
    expect(shares.map((s) => s.strategy).sort()).toEqual(["first", "second"]);
    expect(shares.reduce((q, s) => q + (s.positions["A"] ?? 0), 0)).toBe(account);
  });

  test("a name given twice, or a portfolio strategy beside others, is refused", () => {
    const sma = configureStrategy("sma-cross");
    expect(() => combineStrategies([{ strategy: sma, symbols: ["A"] }, { strategy: sma, symbols: ["B"] }])).toThrow("strategy sma-cross is configured twice");
    expect(() => combineStrategies([{ strategy: sma, symbols: ["A"] }, { strategy: configureStrategy("momentum-rotation"), symbols: ["A"] }])).toThrow(/portfolio strategy: it runs alone/);
  });
});
