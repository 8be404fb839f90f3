import { ledoitWolf } from "./covariance.ts";

/**
 * The last `lookback` time steps of log returns of p symbols, for a shrunk covariance on
 * demand. A step where some symbol has no new close (or its first) adds no row, so every row
 * is a full cross-section. Pure: closes come in, nothing is read.
 */
export class RollingCovariance {
  readonly #p: number;
  readonly #lookback: number;
  readonly #rows: number[][] = [];
  readonly #prev: Float64Array;
  #version = 0;
  #cached: { version: number; cov: Float64Array } | undefined;

  constructor(symbols: number, lookback: number) {
    this.#p = symbols;
    this.#lookback = lookback;
    this.#prev = new Float64Array(symbols).fill(NaN);
  }

  /** The closes of every symbol at the end of one time step (NaN where unknown). */
  update(closes: ArrayLike<number>): void {
    const p = this.#p;
    const row: number[] = new Array<number>(p);
    let full = true;
    for (let i = 0; i < p; i++) {
      const c = closes[i]!;
      const before = this.#prev[i]!;
      if (c > 0 && before > 0) row[i] = Math.log(c / before);
      else full = false;
      if (c > 0) this.#prev[i] = c;
    }
    if (!full) return;
    this.#rows.push(row);
    if (this.#rows.length > this.#lookback) this.#rows.shift();
    this.#version++;
  }

  /** Whether the window is full (sizing waits for it: no made-up risk figures). */
  get ready(): boolean {
    return this.#rows.length >= this.#lookback;
  }

  /** Ledoit-Wolf covariance of per-bar log returns, row-major p x p; NaN until ready. */
  covariance(): Float64Array {
    if (!this.ready) return new Float64Array(this.#p * this.#p).fill(NaN);
    if (this.#cached?.version !== this.#version) this.#cached = { version: this.#version, cov: ledoitWolf(this.#rows, this.#p).cov };
    return this.#cached.cov;
  }
}
