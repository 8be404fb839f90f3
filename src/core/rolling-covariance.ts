import { ledoitWolf } from "./covariance.ts";

/**
 * The last `lookback` time steps of log returns of p symbols, for a shrunk covariance on
 * demand. A step where some symbol has no new close (or its first) adds no row, so every row
 * is a full cross-section. Closes come in a step at a time (update), or one symbol at a time
 * (close, then endStep): the engine feeds one this way for correlation sizing and the
 * max-correlated-exposure rule alike. Pure: closes come in, nothing is read.
 */
export class RollingCovariance {
  readonly #p: number;
  readonly #lookback: number;
  readonly #rows: number[][] = [];
  readonly #prev: Float64Array;
  /** The current step's closes (NaN: none yet), for close/endStep. */
  readonly #step: Float64Array;
  #version = 0;
  #cached: { version: number; cov: Float64Array } | undefined;

  constructor(symbols: number, lookback: number) {
    this.#p = symbols;
    this.#lookback = lookback;
    this.#prev = new Float64Array(symbols).fill(NaN);
    this.#step = new Float64Array(symbols).fill(NaN);
  }

  get symbols(): number {
    return this.#p;
  }

  /** Counts the rows added: the covariance changes only when it does. */
  get version(): number {
    return this.#version;
  }

  /** One symbol's close in the current time step (the last one given counts). */
  close(slot: number, price: number): void {
    this.#step[slot] = price;
  }

  /** Ends the time step: its closes go to update, and the next step starts with none. */
  endStep(): void {
    this.update(this.#step);
    this.#step.fill(NaN);
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
