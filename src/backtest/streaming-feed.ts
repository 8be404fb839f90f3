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
/** Bars a call of StreamingFeed.deliver takes at most. */
const BATCH = 512;

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
    let ready = 0;
    let t = 0;
    while (t < end) {
      if (t === ready) {
        ready = Math.min(end, source.waitFor(t + 1));
        if (t >= ready) break;
      }
      // Short batches: the JIT's top tier takes over at a batch's call (one compile), never inside
      // a running loop (a second compile, for entry there), and the batch's loop holds only the
      // bars (the progress report every `every` bars comes between batches). docs/performance.md,
      // "JIT tiers".
      const to = Math.min(ready, t + BATCH, t - (t % every) + every);
      this.deliver(sink, bar, t, to);
      t = to;
      if (progress !== undefined && t % every === 0) progress(t, Math.max(t + 1, source.expected));
    }
    progress?.(t, t);
    return t;
  }

  /** Bars [from, to) of the settled columns, through `bar`. */
  deliver(sink: MarketDataSink, bar: BarCursor, from: number, to: number): void {
    const source = this.#source;
    const { time: times, open, high, low, close, volume } = source;
    sink.ahead?.(0, source, from, to);
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
}
