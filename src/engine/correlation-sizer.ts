import { riskParityWeights, targetVolWeights } from "../core/portfolio-weights.ts";
import { RollingCovariance } from "../core/rolling-covariance.ts";
import type { Sizing } from "../core/sizing.ts";

/**
 * The engine's side of risk-parity / target-vol sizing: collects each slot's close during a
 * time step, feeds the step's cross-section to a rolling shrunk covariance at its end, and
 * gives each slot its portfolio weight (computed at most once per step, on demand).
 */
export class CorrelationSizer {
  readonly #sizing: Extract<Sizing, { kind: "risk-parity" | "target-vol" }>;
  readonly #covariance: RollingCovariance;
  readonly #closes: Float64Array;
  readonly #periodsPerYear: number;
  #weights: Float64Array | undefined;

  constructor(sizing: Extract<Sizing, { kind: "risk-parity" | "target-vol" }>, symbols: number, periodsPerYear: number) {
    this.#sizing = sizing;
    this.#covariance = new RollingCovariance(symbols, sizing.lookback);
    this.#closes = new Float64Array(symbols).fill(NaN);
    this.#periodsPerYear = periodsPerYear;
  }

  close(slot: number, price: number): void {
    this.#closes[slot] = price;
  }

  timeEnd(): void {
    this.#covariance.update(this.#closes);
    this.#closes.fill(NaN);
    this.#weights = undefined;
  }

  /** Share of equity for the slot's position, NaN while the covariance window fills. */
  weight(slot: number): number {
    if (!this.#covariance.ready) return NaN;
    if (this.#weights === undefined) {
      const cov = this.#covariance.covariance();
      const p = this.#closes.length;
      this.#weights =
        this.#sizing.kind === "risk-parity"
          ? riskParityWeights(cov, p)
          : targetVolWeights(cov, p, this.#sizing.pct / 100 / Math.sqrt(this.#periodsPerYear));
    }
    return this.#weights[slot]!;
  }
}
