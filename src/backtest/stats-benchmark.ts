import type { Bar } from "../core/bar.ts";
import type { EquityPoint } from "./types.ts";

/**
 * Buy-and-hold of the same symbols, as a reference for a backtest: the capital is split equally,
 * each part buys its symbol at that symbol's first close (fractional shares, no costs) and holds.
 * The time line is the union of all bar times; a symbol without a bar at some time keeps its last
 * close, and a part waits in cash until its symbol's first bar.
 */
export function buyAndHoldEquity(barsBySymbol: Readonly<Record<string, readonly Bar[]>>, initialCash: number): EquityPoint[] {
  const symbols = Object.keys(barsBySymbol);
  if (symbols.length === 0) return [];
  const part = initialCash / symbols.length;
  const times = [...new Set(symbols.flatMap((s) => barsBySymbol[s]!.map((b) => b.time)))].sort((a, b) => a - b);
  const cursor = symbols.map(() => 0);
  const shares = symbols.map(() => 0);
  const lastClose = symbols.map(() => 0);
  const out: EquityPoint[] = [];
  for (const time of times) {
    let equity = 0;
    symbols.forEach((symbol, k) => {
      const bars = barsBySymbol[symbol]!;
      while (cursor[k]! < bars.length && bars[cursor[k]!]!.time <= time) {
        lastClose[k] = bars[cursor[k]!]!.close;
        if (shares[k] === 0) shares[k] = part / lastClose[k]!;
        cursor[k]!++;
      }
      equity += shares[k] === 0 ? part : shares[k]! * lastClose[k]!;
    });
    out.push({ time, equity });
  }
  return out;
}
