/**
 * The last `capacity` numbers, with their mean and sample standard deviation. A ring: a push
 * per bar writes one slot (no array shift); readers walk it oldest first, as the values came.
 */
export class RollingWindow {
  readonly #values: Float64Array;
  readonly #capacity: number;
  /** Slot of the oldest value. */
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`rolling window: capacity must be an integer >= 2, got ${capacity}`);
    this.#capacity = capacity;
    this.#values = new Float64Array(capacity);
  }

  push(value: number): void {
    const capacity = this.#capacity;
    if (this.#size < capacity) {
      this.#values[(this.#start + this.#size++) % capacity] = value;
      return;
    }
    this.#values[this.#start] = value;
    this.#start = this.#start + 1 === capacity ? 0 : this.#start + 1;
  }

  get size(): number {
    return this.#size;
  }

  mean(): number {
    return this.#size === 0 ? Number.NaN : sum(this.#ordered()) / this.#size;
  }

  /** Two-pass sample standard deviation; NaN under two values. */
  stdev(): number {
    const n = this.#size;
    if (n < 2) return Number.NaN;
    const values = this.#ordered();
    const m = sum(values) / n;
    let ss = 0;
    for (const v of values) ss += (v - m) * (v - m);
    return Math.sqrt(ss / (n - 1));
  }

  /** The median and the median absolute deviation from it (robust centre and spread) of the values, or of `of` each; NaN when empty. */
  medianAndMad(of?: (value: number) => number): { median: number; mad: number } {
    if (this.#size === 0) return { median: Number.NaN, mad: Number.NaN };
    const values = this.#ordered();
    if (of !== undefined) for (let i = 0; i < values.length; i++) values[i] = of(values[i]!);
    const median = medianOf([...values]);
    return { median, mad: medianOf(values.map((v) => Math.abs(v - median))) };
  }

  /** The values oldest first. */
  #ordered(): number[] {
    const out = new Array<number>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#values[(this.#start + i) % this.#capacity]!;
    return out;
  }
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function medianOf(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
