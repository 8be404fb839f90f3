/** The last `capacity` numbers, with their mean and sample standard deviation. */
export class RollingWindow {
  readonly #values: number[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`rolling window: capacity must be an integer >= 2, got ${capacity}`);
    this.#capacity = capacity;
  }

  push(value: number): void {
    this.#values.push(value);
    if (this.#values.length > this.#capacity) this.#values.shift();
  }

  get size(): number {
    return this.#values.length;
  }

  mean(): number {
    let sum = 0;
    for (const v of this.#values) sum += v;
    return this.#values.length === 0 ? Number.NaN : sum / this.#values.length;
  }

  /** Two-pass sample standard deviation; NaN under two values. */
  stdev(): number {
    const n = this.#values.length;
    if (n < 2) return Number.NaN;
    const m = this.mean();
    let ss = 0;
    for (const v of this.#values) ss += (v - m) * (v - m);
    return Math.sqrt(ss / (n - 1));
  }

  /** The median and the median absolute deviation from it (robust centre and spread); NaN when empty. */
  medianAndMad(): { median: number; mad: number } {
    if (this.#values.length === 0) return { median: Number.NaN, mad: Number.NaN };
    const median = medianOf([...this.#values]);
    return { median, mad: medianOf(this.#values.map((v) => Math.abs(v - median))) };
  }
}

function medianOf(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
