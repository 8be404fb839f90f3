import type { Bar, BarArrays, SymbolBar } from "../core/bar.ts";
import type { MarketData, MarketDataSink } from "../engine/ports.ts";
import { sortedUnion } from "./sorted-union.ts";

/** One symbol's bars as columns (time strictly increasing). */
export interface SymbolSeries extends BarArrays {
  readonly symbol: string;
}

/** The one Bar object the feed rewrites for every bar it delivers (no allocation per bar). */
class BarCursor implements Bar {
  time = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
}

export interface FeedRunOptions {
  /** Called every `progressEvery` time steps with (steps done, total steps). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Stop before this time-line index (exclusive); default the whole time line. */
  readonly until?: number;
}

/**
 * Replays stored bars from typed arrays, merged across symbols on one time line: for each
 * time, every symbol with a bar at that time (in symbol order), then `timeEnd(time)`.
 */
export class HistoricalFeed implements MarketData {
  readonly symbols: readonly string[];
  readonly series: readonly SymbolSeries[];
  /** Union of all symbols' times, sorted. */
  readonly timeline: Float64Array;
  #stopped = false;
  #packed: Packed | undefined;

  constructor(series: readonly SymbolSeries[]) {
    for (const s of series) checkSeries(s);
    const names = series.map((s) => s.symbol);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new RangeError(`HistoricalFeed: symbol ${dup} given twice`);
    this.series = series;
    this.symbols = names;
    this.timeline = unionTimes(series);
  }

  /** Groups row bars by symbol (first-seen order) and sorts each by time. */
  static fromBars(bars: readonly SymbolBar[]): HistoricalFeed {
    const groups = new Map<string, SymbolBar[]>();
    for (const b of bars) {
      let g = groups.get(b.symbol);
      if (!g) groups.set(b.symbol, (g = []));
      g.push(b);
    }
    return new HistoricalFeed([...groups].map(([symbol, rows]) => seriesFromBars(symbol, rows)));
  }

  get barCount(): number {
    return this.series.reduce((n, s) => n + s.time.length, 0);
  }

  stop(): void {
    this.#stopped = true;
  }

  run(sink: MarketDataSink): void {
    this.replay(sink);
  }

  /** Delivers the bars (up to `until`); returns how many. */
  replay(sink: MarketDataSink, options: FeedRunOptions = {}): number {
    this.#stopped = false;
    const end = Math.min(this.timeline.length, options.until ?? this.timeline.length);
    const every = Math.max(1, options.progressEvery ?? 4096);
    const progress = options.onProgress;
    // One symbol reads its own columns; several read the time-major packed copy, so the
    // loop streams through memory instead of hopping between 6 x N arrays every time step.
    const delivered = this.series.length === 1 ? this.#replayOne(sink, end, every, progress) : this.#replayPacked(sink, end, every, progress);
    progress?.(end, end);
    return delivered;
  }

  #replayOne(sink: MarketDataSink, end: number, every: number, progress: FeedRunOptions["onProgress"]): number {
    const bar = new BarCursor();
    const { time: times, open, high, low, close, volume } = this.series[0]!;
    let t = 0;
    for (; t < end && !this.#stopped; t++) {
      const time = times[t]!;
      bar.time = time;
      bar.open = open[t]!;
      bar.high = high[t]!;
      bar.low = low[t]!;
      bar.close = close[t]!;
      bar.volume = volume[t]!;
      sink.bar(0, bar);
      sink.timeEnd(time);
      if (progress !== undefined && t % every === every - 1) progress(t + 1, end);
    }
    return t;
  }

  #replayPacked(sink: MarketDataSink, end: number, every: number, progress: FeedRunOptions["onProgress"]): number {
    const bar = new BarCursor();
    const times = this.timeline;
    const { open, high, low, close, volume, slot, stepEnd } = this.#pack();
    let k = 0;
    for (let t = 0; t < end && !this.#stopped; t++) {
      const time = times[t]!;
      const stop = stepEnd[t]!;
      for (; k < stop; k++) {
        bar.time = time;
        bar.open = open[k]!;
        bar.high = high[k]!;
        bar.low = low[k]!;
        bar.close = close[k]!;
        bar.volume = volume[k]!;
        sink.bar(slot[k]!, bar);
      }
      sink.timeEnd(time);
      if (progress !== undefined && t % every === every - 1) progress(t + 1, end);
    }
    return k;
  }

  /** Bars of all symbols in time-line order (symbol order within a time), built once. */
  #pack(): Packed {
    if (this.#packed) return this.#packed;
    const series = this.series;
    const total = this.barCount;
    const packed: Packed = {
      slot: new Int32Array(total),
      stepEnd: new Int32Array(this.timeline.length),
      open: new Float64Array(total),
      high: new Float64Array(total),
      low: new Float64Array(total),
      close: new Float64Array(total),
      volume: new Float64Array(total),
    };
    const { slot, stepEnd, open, high, low, close, volume } = packed;
    const timeline = this.timeline;
    const steps = timeline.length;
    // Where each time step's bars start: count them walking each symbol's times along the time
    // line (every time of a symbol is on it), then sum up.
    const start = new Int32Array(steps + 1);
    for (const col of series) {
      const times = col.time;
      let j = 0;
      for (let i = 0; i < times.length; i++) {
        const time = times[i]!;
        while (timeline[j] !== time) j++;
        start[j + 1]!++;
      }
    }
    for (let t = 0; t < steps; t++) stepEnd[t] = start[t + 1]! += start[t]!;
    // Then the copy, a block of time steps at a time, symbol by symbol within a block: each symbol's
    // columns are read in order and the writes stay within the block, where reading all symbols at
    // one step after another (symbol-major columns into a time-major copy) missed the cache on
    // nearly every value (~1 s at 500 x 5,000). Symbols fill a step in symbol order, as before.
    const block = Math.max(1, Math.floor(16384 / series.length));
    const next = new Int32Array(series.length);
    const step = new Int32Array(series.length);
    for (let b = 0; b < steps; b += block) {
      const blockEnd = b + block;
      for (let s = 0; s < series.length; s++) {
        const col = series[s]!;
        const times = col.time;
        let i = next[s]!;
        let j = step[s]!;
        for (; i < times.length; i++) {
          const time = times[i]!;
          while (timeline[j] !== time) j++;
          if (j >= blockEnd) break;
          const k = start[j]!++;
          slot[k] = s;
          open[k] = col.open[i]!;
          high[k] = col.high[i]!;
          low[k] = col.low[i]!;
          close[k] = col.close[i]!;
          volume[k] = col.volume[i]!;
        }
        next[s] = i;
        step[s] = j;
      }
    }
    return (this.#packed = packed);
  }
}

interface Packed {
  readonly slot: Int32Array;
  /** Index after the last bar of each time step. */
  readonly stepEnd: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function seriesFromBars(symbol: string, rows: readonly Bar[]): SymbolSeries {
  const sorted = [...rows].sort((a, b) => a.time - b.time);
  const n = sorted.length;
  const s: SymbolSeries = {
    symbol,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  sorted.forEach((b, i) => {
    s.time[i] = b.time;
    s.open[i] = b.open;
    s.high[i] = b.high;
    s.low[i] = b.low;
    s.close[i] = b.close;
    s.volume[i] = b.volume;
  });
  return s;
}

function checkSeries(s: SymbolSeries): void {
  const n = s.time.length;
  for (const f of ["open", "high", "low", "close", "volume"] as const) {
    if (s[f].length !== n) throw new RangeError(`HistoricalFeed: ${s.symbol} has ${n} times but ${s[f].length} ${f} values`);
  }
  for (let i = 1; i < n; i++) {
    if (!(s.time[i]! > s.time[i - 1]!)) {
      throw new RangeError(`HistoricalFeed: ${s.symbol} bar ${i} time ${s.time[i]} is not after ${s.time[i - 1]} (duplicate or unsorted)`);
    }
  }
}

function unionTimes(series: readonly SymbolSeries[]): Float64Array {
  if (series.length === 1) return series[0]!.time;
  return sortedUnion(series.map((s) => s.time));
}
