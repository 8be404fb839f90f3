import type { Bar } from "../../core/bar.ts";
import type { EquityColumns, EquityPoint } from "../types.ts";
import { firstAtOrAfter } from "../../core/sorted-search.ts";
import { isAscending, sortedUnion } from "../sorted-union.ts";

/** A symbol's bar times and closes as columns (times ascending). */
export interface CloseColumns {
  readonly time: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

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
  const series = Object.values(barsBySymbol).map((bars) => ({ time: Float64Array.from(bars, (b) => b.time), close: Float64Array.from(bars, (b) => b.close) }));
  const out = buyAndHoldColumns(series, initialCash, fromTime);
  return Array.from(out.time, (time, i) => ({ time, equity: out.equity[i]! }));
}

/** buyAndHoldEquity on columns, into columns: one pass, no object per bar. */
export function buyAndHoldColumns(series: readonly CloseColumns[], initialCash: number, fromTime = Number.NEGATIVE_INFINITY): EquityColumns {
  const m = series.length;
  if (m === 0) return { time: new Float64Array(0), equity: new Float64Array(0) };
  const part = initialCash / m;
  const times = unionFrom(series, fromTime);
  if (m === 1) return { time: times, equity: holdOne(series[0]!, firstAtOrAfter(series[0]!.time, fromTime), times, part) };
  const cursor = series.map((s) => firstAtOrAfter(s.time, fromTime));
  const shares = new Float64Array(m);
  const lastClose = new Float64Array(m);
  const equity = new Float64Array(times.length);
  for (let t = 0; t < times.length; t++) {
    const time = times[t]!;
    let value = 0;
    for (let k = 0; k < m; k++) {
      const s = series[k]!;
      let c = cursor[k]!;
      while (c < s.time.length && s.time[c]! <= time) {
        lastClose[k] = s.close[c]!;
        if (shares[k] === 0) shares[k] = part / lastClose[k]!;
        c++;
      }
      cursor[k] = c;
      value += shares[k] === 0 ? part : shares[k]! * lastClose[k]!;
    }
    equity[t] = value;
  }
  return { time: times, equity };
}

/**
 * Buy-and-hold of one symbol whose times strictly increase (a SymbolSeries: the feed checked them),
 * as buyAndHoldColumns gives it, without making the equity column until it is read: each time is
 * one of its bars, so equity_t = 0 + shares x close_t with shares = part / the first close.
 */
export function holdingColumns(s: CloseColumns, initialCash: number, fromTime = Number.NEGATIVE_INFINITY): EquityColumns {
  const from = firstAtOrAfter(s.time, fromTime);
  const shares = from < s.time.length ? initialCash / s.close[from]! : 0;
  // A zero share count (an infinite first close) makes holdOne buy again at a later bar: the loop then.
  if (!(s.time instanceof Float64Array && s.close instanceof Float64Array) || shares === 0) return buyAndHoldColumns([s], initialCash, fromTime);
  return new HeldColumns(s.time.subarray(from), s.close.subarray(from), shares, initialCash);
}

/** holdingColumns' result: the statistics read `close` x `shares` in place (seriesStats' scale). */
export class HeldColumns implements EquityColumns {
  #equity: Float64Array | undefined;
  readonly #part: number;

  constructor(
    readonly time: Float64Array,
    /** The symbol's closes at `time`. */
    readonly close: Float64Array,
    readonly shares: number,
    part: number,
  ) {
    this.#part = part;
  }

  get equity(): Float64Array {
    this.#equity ??= holdOne({ time: this.time, close: this.close }, 0, this.time, this.#part);
    return this.#equity;
  }
}

/** The loop above for one symbol (the common case), step for step: every time is one of its bars. */
function holdOne(s: CloseColumns, from: number, times: ArrayLike<number>, part: number): Float64Array {
  const time = s.time;
  const close = s.close;
  const n = time.length;
  const equity = new Float64Array(times.length);
  let c = from;
  let shares = 0;
  let lastClose = 0;
  for (let t = 0; t < equity.length; t++) {
    const at = times[t]!;
    while (c < n && time[c]! <= at) {
      lastClose = close[c]!;
      if (shares === 0) shares = part / lastClose;
      c++;
    }
    equity[t] = 0 + (shares === 0 ? part : shares * lastClose);
  }
  return equity;
}

/** Sorted distinct times at or after `fromTime` across the series. */
function unionFrom(series: readonly CloseColumns[], fromTime: number): Float64Array {
  // One series is its own union (sortedUnion's one-column case: the times from fromTime on).
  if (series.length === 1 || series.every((s) => isAscending(s.time))) return sortedUnion(series.map((s) => s.time), fromTime);
  let n = 0;
  for (const s of series) n += s.time.length;
  const all = new Float64Array(n);
  let k = 0;
  for (const s of series) for (let i = 0; i < s.time.length; i++) all[k++] = s.time[i]!;
  all.sort();
  let w = 0;
  for (let i = 0; i < n; i++) {
    const t = all[i]!;
    if (t < fromTime || (w > 0 && all[w - 1] === t)) continue;
    all[w++] = t;
  }
  return all.slice(0, w);
}

