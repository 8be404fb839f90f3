/**
 * A named count with optional labels: rejected data by reason ("stale", "outlier"),
 * refused orders by rule ("max-order-value"), reconnects by cause ("1100", "drop").
 */
export interface CounterSummary {
  readonly total: number;
  /** Added since the previous snapshot. */
  readonly interval: number;
  /** Per label; events counted without a label are not listed here. */
  readonly by: Readonly<Record<string, number>>;
}

export class Counter {
  #total = 0;
  #interval = 0;
  #by = new Map<string, number>();

  get total(): number {
    return this.#total;
  }

  inc(label?: string, n = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`counter: increment must be an integer >= 0, got ${n}`);
    this.#total += n;
    this.#interval += n;
    if (label !== undefined) this.#by.set(label, (this.#by.get(label) ?? 0) + n);
  }

  get(label: string): number {
    return this.#by.get(label) ?? 0;
  }

  summary(): CounterSummary {
    const by: Record<string, number> = {};
    for (const [k, v] of [...this.#by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) by[k] = v;
    return { total: this.#total, interval: this.#interval, by };
  }

  resetInterval(): void {
    this.#interval = 0;
  }
}
