import { correlationOf } from "../core/covariance.ts";
import type { RollingCovariance } from "../core/rolling-covariance.ts";

/**
 * Rolling correlations of the universe's returns for the risk rule max-correlated-exposure,
 * from the engine's shrunk rolling covariance (the sizing modes' estimator; one object when
 * their lookbacks agree). The engine feeds it every step.
 */
export class CorrelationTracker {
  readonly #covariance: RollingCovariance;

  constructor(covariance: RollingCovariance) {
    this.#covariance = covariance;
  }

  /** Correlation of two slots' returns over the window; NaN until it is full. */
  correlation(i: number, j: number): number {
    if (!this.#covariance.ready) return NaN;
    return correlationOf(this.#covariance.covariance(), this.#covariance.symbols, i, j);
  }
}
