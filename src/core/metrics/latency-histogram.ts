/**
 * A latency histogram with logarithmic buckets (HDR-like): every bucket is 2 % wider than
 * the one before, so any percentile is reported within 1 % of a recorded value, from
 * 1 microsecond to 1 hour, in a fixed array of 1,112 counts. `record` is O(1), two
 * histograms merge by adding counts, and the JSON form keeps only non-empty buckets.
 * Values are milliseconds; min, max, count and sum are kept exactly.
 */
export const LOWEST_MS = 0.001;
export const HIGHEST_MS = 3_600_000;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
export const BUCKET_COUNT = 1 + Math.ceil(Math.log(HIGHEST_MS / LOWEST_MS) / LOG_GROWTH);

export interface LatencySummary {
  readonly count: number;
  /** All null when nothing was recorded: unknown, not zero. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
}

/** The serialized form: sparse [bucketIndex, count] pairs. */
export interface HistogramJson {
  readonly v: 1;
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  /** Values below 0 that were recorded as 0 (clock skew between hosts). */
  readonly clamped: number;
  readonly buckets: readonly (readonly [number, number])[];
}

export function bucketIndex(ms: number): number {
  if (ms <= LOWEST_MS) return 0;
  return Math.min(BUCKET_COUNT - 1, 1 + Math.floor(Math.log(ms / LOWEST_MS) / LOG_GROWTH));
}

/** The geometric middle of a bucket: what a percentile falling in it reports. */
export function bucketValue(index: number): number {
  return index === 0 ? LOWEST_MS : LOWEST_MS * GROWTH ** (index - 0.5);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export class LatencyHistogram {
  #counts = new Float64Array(BUCKET_COUNT);
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = -Infinity;
  #clamped = 0;

  get count(): number {
    return this.#count;
  }

  /** Records one latency in ms. Negative values count as 0 (and in `clamped`); NaN is a bug. */
  record(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`latency must be a finite number of ms, got ${ms}`);
    if (ms < 0) {
      this.#clamped++;
      ms = 0;
    }
    this.#counts[bucketIndex(ms)]! += 1;
    this.#count++;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  /**
   * The value at percentile `p` (0..100): the smallest bucket holding at least p % of the
   * values, reported as its middle and kept within the exact min and max. null when empty.
   */
  percentile(p: number): number | null {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
    if (this.#count === 0) return null;
    if (p === 0) return this.#min;
    if (p === 100) return this.#max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.#counts[i]!;
      if (seen >= rank) return Math.min(this.#max, Math.max(this.#min, bucketValue(i)));
    }
    return this.#max;
  }

  summary(): LatencySummary {
    if (this.#count === 0) return { count: 0, min: null, max: null, mean: null, p50: null, p90: null, p99: null, p999: null };
    const p = (q: number) => round(this.percentile(q)!);
    return {
      count: this.#count,
      min: round(this.#min),
      max: round(this.#max),
      mean: round(this.#sum / this.#count),
      p50: p(50),
      p90: p(90),
      p99: p(99),
      p999: p(99.9),
    };
  }

  /** Adds another histogram's values to this one. */
  merge(other: LatencyHistogram): this {
    const o = other.toJSON();
    for (const [i, n] of o.buckets) this.#counts[i]! += n;
    this.#count += o.count;
    this.#sum += o.sum;
    this.#clamped += o.clamped;
    if (o.min !== null && o.min < this.#min) this.#min = o.min;
    if (o.max !== null && o.max > this.#max) this.#max = o.max;
    return this;
  }

  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = -Infinity;
    this.#clamped = 0;
  }

  toJSON(): HistogramJson {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKET_COUNT; i++) if (this.#counts[i]! > 0) buckets.push([i, this.#counts[i]!]);
    const empty = this.#count === 0;
    return { v: 1, count: this.#count, sum: this.#sum, min: empty ? null : this.#min, max: empty ? null : this.#max, clamped: this.#clamped, buckets };
  }

  /** Rebuilds a histogram from `toJSON()` output; throws RangeError naming what is wrong. */
  static fromJSON(json: HistogramJson): LatencyHistogram {
    const h = new LatencyHistogram();
    let total = 0;
    for (const [i, n] of json.buckets) {
      if (!Number.isInteger(i) || i < 0 || i >= BUCKET_COUNT) throw new RangeError(`histogram: bucket index ${i} outside 0..${BUCKET_COUNT - 1}`);
      if (!(n > 0)) throw new RangeError(`histogram: bucket ${i} has count ${n}, expected > 0`);
      h.#counts[i]! += n;
      total += n;
    }
    if (total !== json.count) throw new RangeError(`histogram: buckets hold ${total} values but count is ${json.count}`);
    h.#count = json.count;
    h.#sum = json.sum;
    h.#clamped = json.clamped;
    if (json.count > 0) {
      if (json.min === null || json.max === null) throw new RangeError("histogram: min and max are required when count > 0");
      h.#min = json.min;
      h.#max = json.max;
    }
    return h;
  }
}
