import { riskParityWeights, targetVolWeights } from "../core/portfolio-weights.ts";
import type { RollingCovariance } from "../core/rolling-covariance.ts";
import type { Sizing } from "../core/sizing.ts";

/**
 * The engine's side of risk-parity / target-vol sizing: gives each slot its portfolio weight
 * from the engine's rolling shrunk covariance (fed every step), computed at most once per
 * change of the covariance, on demand.
 */
export class CorrelationSizer {
  readonly #sizing: Extract<Sizing, { kind: "risk-parity" | "target-vol" }>;
  readonly #covariance: RollingCovariance;
  readonly #periodsPerYear: number;
  #weights: { readonly version: number; readonly of: Float64Array } | undefined;

  constructor(sizing: Extract<Sizing, { kind: "risk-parity" | "target-vol" }>, covariance: RollingCovariance, periodsPerYear: number) {
    this.#sizing = sizing;
    this.#covariance = covariance;
    this.#periodsPerYear = periodsPerYear;
  }

  /** Share of equity for the slot's position, NaN while the covariance window fills. */
  weight(slot: number): number {
    const covariance = this.#covariance;
    if (!covariance.ready) return NaN;
    if (this.#weights?.version !== covariance.version) {
      const cov = covariance.covariance();
      const p = covariance.symbols;
      const of =
        this.#sizing.kind === "risk-parity"
          ? riskParityWeights(cov, p)
          : targetVolWeights(cov, p, this.#sizing.pct / 100 / Math.sqrt(this.#periodsPerYear));
      this.#weights = { version: covariance.version, of };
    }
    return this.#weights.of[slot]!;
  }
}
