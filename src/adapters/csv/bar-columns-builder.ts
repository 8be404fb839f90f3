import type { BarArrays } from "../../core/bar.ts";
import { largeFloat64Array } from "../os/huge-pages.ts";
import { LineRuns } from "./line-runs.ts";

/** Growable typed-array columns of bars plus the line each came from (as runs: line-runs.ts). */
export class BarColumnsBuilder {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Callers that append rows themselves (plain-rows.ts) mark where each run of consecutive lines starts. */
  readonly lines = new LineRuns();
  length = 0;
  /** Every bar so far later than the one before (callers that append rows themselves keep it too). */
  rising = true;
  /** The first columns were full and replaced by larger copies. */
  grown = false;
  readonly #keep: boolean;

  /**
   * `capacity` is an estimate (estimateRows): huge pages are asked for only below 97% of it.
   * `columns` makes the first columns instead (n values, `sure` of them expected to be filled):
   * shared ones a reader on another thread follows (csv-stream.ts); then `finish` never copies them.
   */
  constructor(capacity: number, columns?: (n: number, sure: number) => Float64Array) {
    const n = Math.max(16, Math.ceil(capacity));
    const sure = Math.floor(n * 0.97);
    const make = columns ?? largeFloat64Array;
    this.#keep = columns !== undefined;
    this.time = make(n, sure);
    this.open = make(n, sure);
    this.high = make(n, sure);
    this.low = make(n, sure);
    this.close = make(n, sure);
    this.volume = make(n, sure);
  }

  push(line: number, time: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.length === this.time.length) this.#grow();
    const k = this.length++;
    this.lines.mark(k, line);
    if (k > 0 && !(time > this.time[k - 1]!)) this.rising = false;
    this.time[k] = time;
    this.open[k] = open;
    this.high[k] = high;
    this.low[k] = low;
    this.close[k] = close;
    this.volume[k] = volume;
  }

  #grow(): void {
    this.grown = true;
    const n = Math.ceil(this.time.length * 1.5);
    // The copy touches the first `length` values at once: those on huge pages too.
    const grow = (a: Float64Array): Float64Array => {
      const b = largeFloat64Array(n, this.length);
      b.set(a);
      return b;
    };
    this.time = grow(this.time);
    this.open = grow(this.open);
    this.high = grow(this.high);
    this.low = grow(this.low);
    this.close = grow(this.close);
    this.volume = grow(this.volume);
  }

  /** Oldest-first columns (reversed in place when the file was newest first), trimmed to length. */
  finish(reverse: boolean): BarArrays {
    const n = this.length;
    const cut = (a: Float64Array): Float64Array => {
      const s = a.subarray(0, n);
      if (reverse) s.reverse();
      // Much spare capacity: copy, so the columns do not pin the estimate's memory.
      return !this.#keep && a.length > n + (n >> 3) + 64 ? s.slice() : s;
    };
    return { time: cut(this.time), open: cut(this.open), high: cut(this.high), low: cut(this.low), close: cut(this.close), volume: cut(this.volume) };
  }
}

/** Rows in `size` bytes of CSV, from the line length of its first bytes (up to `filled`; a little over, to grow rarely). */
export function estimateRows(buf: Uint8Array, filled: number, size: number): number {
  filled = Math.min(filled, 1 << 16);
  let lines = 0;
  for (let i = buf.indexOf(10); i >= 0 && i < filled; i = buf.indexOf(10, i + 1)) lines++;
  if (lines === 0) return 1024;
  return Math.ceil((size / filled) * lines * 1.02) + 16;
}
