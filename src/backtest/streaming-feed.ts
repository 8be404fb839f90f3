import type { MarketDataSink } from "../engine/ports.ts";
import { BarCursor, type FeedRunOptions, type SymbolSeries } from "./historical-feed.ts";

/**
 * One symbol's bars still arriving (a file read on another thread): columns long enough for
 * every bar the source can give, of which the first `waitFor` returns are filled and final.
 */
export interface GrowingSeries extends SymbolSeries {
  /** Blocks until at least `n` bars are in the columns or no more will come; how many are. */
  waitFor(n: number): number;
  /** About how many bars will come (progress only). */
  readonly expected: number;
}

/**
 * HistoricalFeed's replay of one symbol, over bars that are still arriving: it waits when it
 * catches up with the source and ends with the source's last bar. The time line is the
 * columns' capacity (`growing`: runBacktest cuts what it recorded to the bars delivered).
 * The bars delivered are HistoricalFeed's for the same columns: the caller checks, once the
 * source is complete, that they were the whole series (csv-stream.ts: a bad row anywhere
 * makes the run void).
 */
export class StreamingFeed {
  readonly growing = true;
  readonly symbols: readonly string[];
  readonly series: readonly SymbolSeries[];
  readonly timeline: Float64Array;
  readonly #source: GrowingSeries;

  constructor(source: GrowingSeries) {
    this.#source = source;
    this.symbols = [source.symbol];
    this.series = [source];
    this.timeline = source.time;
  }

  get barCount(): number {
    return this.#source.expected;
  }

  /** Delivers the bars as they come (up to `until`); returns how many. */
  replay(sink: MarketDataSink, options: FeedRunOptions = {}): number {
    const source = this.#source;
    const end = Math.min(this.timeline.length, options.until ?? this.timeline.length);
    const every = Math.max(1, options.progressEvery ?? 4096);
    const progress = options.onProgress;
    const bar = new BarCursor();
    let t = 0;
    while (t < end) {
      const ready = Math.min(end, source.waitFor(t + 1));
      if (t >= ready) break;
      while (t < ready) {
        // Short runs of bars, each one call: the JIT compiles the bar loop once as a function,
        // not a second time for entry into a loop already running (one call over a million bars).
        // `| 0`: the indexes reach deliver as int32 always (a double-typed one made its compiled code exit and recompile).
        const stop = Math.min(ready, t - (t % CHUNK) + CHUNK, t - (t % every) + every) | 0;
        deliver(sink, bar, source, t | 0, stop);
        t = stop;
        if (progress !== undefined && t % every === 0) progress(t, Math.max(t + 1, source.expected));
      }
    }
    progress?.(t, t);
    return t;
  }
}

/** Bars a call of `deliver`. */
const CHUNK = 512;

function deliver(sink: MarketDataSink, bar: BarCursor, source: SymbolSeries, from: number, to: number): void {
  const { time: times, open, high, low, close, volume } = source;
  for (let t = from; t < to; t++) {
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
}
