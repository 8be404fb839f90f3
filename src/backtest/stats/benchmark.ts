import type { Bar } from "../../core/bar.ts";
import type { EquityPoint } from "../types.ts";

/**
 * Buy-and-hold of the same symbols, as a reference for a backtest: the capital is split equally,
 * each part buys its symbol at that symbol's first close (fractional shares, no costs) and holds.
 * The time line is the union of all bar times; a symbol without a bar at some time keeps its last
 * close, and a part waits in cash until its symbol's first bar. With `fromTime` (a run that starts
 * later, like walk-forward's out-of-sample period) bars before it do not exist for the benchmark:
 * it starts then, with the whole capital, buying at each symbol's first close at or after it.
 */
export function buyAndHoldEquity(
  barsBySymbol: Readonly<Record<string, readonly Pick<Bar, "time" | "close">[]>>,
  initialCash: number,
  fromTime = Number.NEGATIVE_INFINITY,
): EquityPoint[] {
  const symbols = Object.keys(barsBySymbol);
  if (symbols.length === 0) return [];
  const part = initialCash / symbols.length;
  const times = [...new Set(symbols.flatMap((s) => barsBySymbol[s]!.map((b) => b.time)))].filter((t) => t >= fromTime).sort((a, b) => a - b);
  const cursor = symbols.map((s) => firstAtOrAfter(barsBySymbol[s]!, fromTime));
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

function firstAtOrAfter(bars: readonly { readonly time: number }[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
