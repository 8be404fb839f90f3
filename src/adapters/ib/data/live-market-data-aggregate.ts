import type { Bar } from "../../../core/bar.ts";

const FIVE_SECONDS = 5_000;

interface Bucket {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Did the first 5-second bar start at the bucket's start? A bucket joined midway is partial. */
  whole: boolean;
}

/**
 * Builds run bars (1m, 5m, ... 30m: buckets aligned to the epoch, so to the 9:30 open)
 * from IB's 5-second real-time bars, for one symbol. A bucket is complete when its last
 * 5-second bar arrives (no waiting for the next one) or when a later bucket starts. The
 * bucket a subscription joins midway is dropped: its open and volume would be wrong.
 */
export class FiveSecondAggregator {
  readonly #barMs: number;
  #bucket: Bucket | undefined;
  #dropped = 0;

  constructor(barMs: number) {
    if (!(barMs >= FIVE_SECONDS && barMs % FIVE_SECONDS === 0)) {
      throw new RangeError(`5-second aggregation: bar length must be a multiple of 5 s, got ${barMs} ms`);
    }
    this.#barMs = barMs;
  }

  /** Partial buckets left out so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Adds one 5-second bar; returns the run bars it completes (0, 1 or 2), oldest first. */
  add(bar: Bar): Bar[] {
    const out: Bar[] = [];
    const start = Math.floor(bar.time / this.#barMs) * this.#barMs;
    let b = this.#bucket;
    if (b && start > b.time) {
      this.#emit(b, out);
      b = undefined;
    }
    if (b && start < b.time) return out; // older than the bucket in progress: ignore
    if (!b) {
      b = { time: start, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, whole: bar.time === start };
      this.#bucket = b;
    } else {
      if (bar.high > b.high) b.high = bar.high;
      if (bar.low < b.low) b.low = bar.low;
      b.close = bar.close;
      b.volume += bar.volume;
    }
    if (bar.time + FIVE_SECONDS >= start + this.#barMs) {
      this.#emit(b, out);
      this.#bucket = undefined;
    }
    return out;
  }

  /** Forget the bucket in progress (after a gap the next one starts fresh). */
  reset(): void {
    this.#bucket = undefined;
  }

  #emit(b: Bucket, out: Bar[]): void {
    if (!b.whole) {
      this.#dropped++;
      return;
    }
    out.push({ time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
  }
}
