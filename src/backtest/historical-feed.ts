import type { Bar, BarArrays, SymbolBar } from "../core/bar.ts";
import type { MarketData, MarketDataSink } from "../engine/ports.ts";
import { sortedUnion } from "./sorted-union.ts";

/** One symbol's bars as columns (time strictly increasing). */
export interface SymbolSeries extends BarArrays {
  readonly symbol: string;
}

/** Bars a batch of a one-symbol replay delivers at most. */
const REPLAY_BATCH = 512;

/** The one Bar object the feed rewrites for every bar it delivers (no allocation per bar). */
export class BarCursor implements Bar {
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
  /**
   * The feed's only replay (a plain backtest): several symbols' bars are copied time-major a block
   * of steps at a time into one small buffer instead of a kept copy of every bar (~110 MB at
   * 500 x 5,000) that later replays (walk-forward's jobs) reuse. The bars delivered are the same.
   */
  readonly once?: boolean;
}

/** What runBacktest replays: a HistoricalFeed, or a StreamingFeed (streaming-feed.ts) whose bars are still arriving. */
export interface BarFeed {
  readonly symbols: readonly string[];
  readonly series: readonly SymbolSeries[];
  /** Union of all symbols' times; a growing feed's is a capacity its bars may end before. */
  readonly timeline: Float64Array;
  readonly barCount: number;
  /** The bars may end before the time line does: what the run recorded is cut to the bars delivered. */
  readonly growing?: boolean;
  /** Delivers the bars (up to `until`); returns how many. */
  replay(sink: MarketDataSink, options?: FeedRunOptions): number;
}

/**
 * Replays stored bars from typed arrays, merged across symbols on one time line: for each
 * time, every symbol with a bar at that time (in symbol order), then `timeEnd(time)`.
 */
export class HistoricalFeed implements MarketData, BarFeed {
  readonly symbols: readonly string[];
  readonly series: readonly SymbolSeries[];
  /** Union of all symbols' times, sorted. */
  readonly timeline: Float64Array;
  #stopped = false;
  #packed: TimeMajorSource | undefined;

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
    const delivered =
      this.series.length === 1
        ? this.#replayOne(sink, end, every, progress)
        : this.#replayMerged(sink, end, every, progress, options.once === true && this.#packed === undefined);
    progress?.(end, end);
    return delivered;
  }

  #replayOne(sink: MarketDataSink, end: number, every: number, progress: FeedRunOptions["onProgress"]): number {
    const bar = new BarCursor();
    let t = 0;
    while (t < end && !this.#stopped) {
      // Short batches, the progress report between them (as StreamingFeed: one top-tier compile
      // of the batch, none for entry into a running loop; docs/performance.md, "JIT tiers").
      t = this.#replayBatch(sink, bar, t, Math.min(end, t + REPLAY_BATCH, t - (t % every) + every));
      if (progress !== undefined && t % every === 0) progress(t, end);
    }
    return t;
  }

  #replayBatch(sink: MarketDataSink, bar: BarCursor, from: number, to: number): number {
    const series = this.series[0]!;
    const { time: times, open, high, low, close, volume } = series;
    sink.ahead?.(0, series, from, to);
    let t = from;
    for (; t < to && !this.#stopped; t++) {
      const time = times[t]!;
      bar.time = time;
      bar.open = open[t]!;
      bar.high = high[t]!;
      bar.low = low[t]!;
      bar.close = close[t]!;
      bar.volume = volume[t]!;
      sink.bar(0, bar);
      sink.timeEnd(time);
    }
    return t;
  }

  /**
   * Several symbols' bars in time-line order from time-major columns: the packed copy kept for
   * every replay (walk-forward's jobs), or, for the feed's only replay (`once`), a buffer of one
   * block of time steps refilled block by block. The packed copy is the one-block case: every
   * step in block 0, at offset 0, filled before the loop.
   */
  #replayMerged(sink: MarketDataSink, end: number, every: number, progress: FeedRunOptions["onProgress"], once: boolean): number {
    const bar = new BarCursor();
    const times = this.timeline;
    const source = once ? this.#blocks(end) : this.#pack();
    const { starts, block, refill } = source;
    const { open, high, low, close, volume, slot } = source.columns;
    let k = 0;
    let offset = 0;
    for (let t = 0; t < end && !this.#stopped; t++) {
      if (t % block === 0) {
        offset = starts[t]!;
        refill?.(Math.min(t + block, end), offset);
      }
      const time = times[t]!;
      const stop = starts[t + 1]!;
      for (; k < stop; k++) {
        const i = k - offset;
        bar.time = time;
        bar.open = open[i]!;
        bar.high = high[i]!;
        bar.low = low[i]!;
        bar.close = close[i]!;
        bar.volume = volume[i]!;
        sink.bar(slot[i]!, bar);
      }
      sink.timeEnd(time);
      if (progress !== undefined && t % every === every - 1) progress(t + 1, end);
    }
    return k;
  }

  /** A buffer for the largest block of steps before `end`, refilled by the copy block by block. */
  #blocks(end: number): TimeMajorSource {
    const copy = new TimeMajorCopy(this.series, this.timeline);
    const starts = copy.starts;
    let most = 0;
    for (let b = 0; b < end; b += copy.block) most = Math.max(most, starts[Math.min(b + copy.block, end)]! - starts[b]!);
    const columns = barColumns(most);
    return { columns, starts, block: copy.block, refill: (to, offset) => copy.copy(to, columns, offset) };
  }

  /** Bars of all symbols in time-line order (symbol order within a time), built once. */
  #pack(): TimeMajorSource {
    if (this.#packed) return this.#packed;
    const copy = new TimeMajorCopy(this.series, this.timeline);
    const steps = this.timeline.length;
    const columns = barColumns(copy.starts[steps]!);
    for (let b = 0; b < steps; b += copy.block) copy.copy(Math.min(b + copy.block, steps), columns, 0);
    // One block holding every step (t % block is 0 only at the start).
    return (this.#packed = { columns, starts: copy.starts, block: steps + 1 });
  }
}

interface BarColumns {
  readonly slot: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

function barColumns(n: number): BarColumns {
  return { slot: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
}

/**
 * Symbol-major columns copied into time-major ones (time-line order, symbol order within a
 * time), a block of time steps at a time, symbol by symbol within a block: each symbol's columns
 * are read in order and the writes stay within the block, where reading all symbols at one step
 * after another missed the cache on nearly every value (~1 s at 500 x 5,000). Blocks are copied
 * in order, each once.
 */
class TimeMajorCopy {
  /** Where each time step's bars start (steps + 1 entries; the last is the number of bars). */
  readonly starts: Int32Array;
  /** Time steps per block: about 16,384 bars. */
  readonly block: number;
  readonly #series: readonly SymbolSeries[];
  readonly #timeline: Float64Array;
  /** Each step's next free position; each symbol's next bar and its time step. */
  readonly #fill: Int32Array;
  readonly #next: Int32Array;
  readonly #step: Int32Array;

  constructor(series: readonly SymbolSeries[], timeline: Float64Array) {
    this.#series = series;
    this.#timeline = timeline;
    this.block = Math.max(1, Math.floor(16384 / series.length));
    // Count each step's bars walking each symbol's times along the time line (every time of a
    // symbol is on it), then sum up.
    const starts = new Int32Array(timeline.length + 1);
    for (const col of series) {
      const times = col.time;
      let j = 0;
      for (let i = 0; i < times.length; i++) {
        const time = times[i]!;
        while (timeline[j] !== time) j++;
        starts[j + 1]!++;
      }
    }
    for (let t = 0; t < timeline.length; t++) starts[t + 1]! += starts[t]!;
    this.starts = starts;
    this.#fill = starts.slice(0, timeline.length);
    this.#next = new Int32Array(series.length);
    this.#step = new Int32Array(series.length);
  }

  /** The bars of the next time steps, up to `to` (exclusive), into `out` at their time-line position minus `offset`. */
  copy(to: number, out: BarColumns, offset: number): void {
    const timeline = this.#timeline;
    const fill = this.#fill;
    const { slot, open, high, low, close, volume } = out;
    for (let s = 0; s < this.#series.length; s++) {
      const col = this.#series[s]!;
      const times = col.time;
      let i = this.#next[s]!;
      let j = this.#step[s]!;
      for (; i < times.length; i++) {
        const time = times[i]!;
        while (timeline[j] !== time) j++;
        if (j >= to) break;
        const k = fill[j]!++ - offset;
        slot[k] = s;
        open[k] = col.open[i]!;
        high[k] = col.high[i]!;
        low[k] = col.low[i]!;
        close[k] = col.close[i]!;
        volume[k] = col.volume[i]!;
      }
      this.#next[s] = i;
      this.#step[s] = j;
    }
  }
}

/** Time-major bars for #replayMerged: step t's bars are columns[starts[t] - offset ..), offset = starts of its block's first step. */
interface TimeMajorSource {
  readonly columns: BarColumns;
  /** Where each time step's bars start (steps + 1 entries). */
  readonly starts: Int32Array;
  /** Time steps per block. */
  readonly block: number;
  /** Fills the columns with the steps from the block's first up to `to` (exclusive), at their position minus `offset`; absent: filled already. */
  readonly refill?: (to: number, offset: number) => void;
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
