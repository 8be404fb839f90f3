import type { Bar } from "../../src/core/bar.ts";
import { noCommission } from "../../src/core/commission/none.ts";
import { HistoricalFeed, seriesFromBars } from "../../src/backtest/historical-feed.ts";
import { runBacktest } from "../../src/backtest/run-backtest.ts";
import type { ConfiguredStrategy, Direction } from "../../src/strategy/types.ts";

const DAY = 86_400_000;

/** [open, high, low, close] or just a close (open = close + 0.5, so a next-open fill is told apart from the close). */
export type BarSpec = number | readonly [number, number, number, number];

/** Daily bars from specs; bar i is day i. */
export function dailyBars(specs: readonly BarSpec[]): Bar[] {
  return specs.map((spec, i) => {
    const [open, high, low, close] = typeof spec === "number" ? [spec + 0.5, spec + 0.5, spec, spec] : spec;
    return { time: i * DAY, open, high, low, close, volume: 1000 };
  });
}

/**
 * Backtests a strategy on one symbol's bars (10 shares per entry, no commission, no slippage)
 * and lists its trades as "long 10 b5@10.5 -> b8@12.5" (bar index and price of each leg;
 * "open" when still held at the end).
 */
export function tradesOf(strategy: ConfiguredStrategy, specs: readonly BarSpec[], direction: Direction = "long-only"): string[] {
  return tradesOfUniverse(strategy, { X: specs }, direction).map((t) => t.replace(/^X /, ""));
}

/** The same over several symbols: "SYM long 10 b1@... -> b4@...". */
export function tradesOfUniverse(strategy: ConfiguredStrategy, universe: Readonly<Record<string, readonly BarSpec[]>>, direction: Direction = "long-only", qty = 10): string[] {
  const feed = new HistoricalFeed(Object.entries(universe).map(([symbol, specs]) => seriesFromBars(symbol, dailyBars(specs))));
  const result = runBacktest({ feed, strategy, direction, sizing: { kind: "qty", qty }, commission: noCommission });
  const bar = (time: number) => `b${time / DAY}`;
  return result.trades.map(
    (t) =>
      `${t.symbol} ${t.side} ${t.qty} ${bar(t.entryTime)}@${t.entryPrice.toNumber()} -> ${t.exitTime === null ? "open" : `${bar(t.exitTime)}@${t.exitPrice!.toNumber()}`}`,
  );
}
