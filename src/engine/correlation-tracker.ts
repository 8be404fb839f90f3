import { correlationOf } from "../core/covariance.ts";
import { RollingCovariance } from "../core/rolling-covariance.ts";

/**
 * Rolling correlations of the universe's returns for the risk rule max-correlated-exposure:
 * each step's closes feed a shrunk rolling covariance (the sizing modes' estimator).
 */
export class CorrelationTracker {
  readonly #covariance: RollingCovariance;
  readonly #closes: Float64Array;
  #cov: Float64Array | undefined;

  constructor(symbols: number, lookback: number) {
    this.#covariance = new RollingCovariance(symbols, lookback);
    this.#closes = new Float64Array(symbols).fill(NaN);
  }

  close(slot: number, price: number): void {
    this.#closes[slot] = price;
  }

  timeEnd(): void {
    this.#covariance.update(this.#closes);
    this.#closes.fill(NaN);
    this.#cov = undefined;
  }

  /** Correlation of two slots' returns over the window; NaN until it is full. */
  correlation(i: number, j: number): number {
    if (!this.#covariance.ready) return NaN;
    this.#cov ??= this.#covariance.covariance();
    return correlationOf(this.#cov, this.#closes.length, i, j);
  }
}
