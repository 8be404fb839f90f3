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
}
