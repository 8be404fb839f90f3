import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, realParam, type IndicatorDef } from "../_def.ts";
import { isZeroOrNeg } from "../_true-range.ts";

/**
 * Population variance over n values as TA-Lib's INT_VAR: mean(x²) − mean(x)², from running sums.
 * STDDEV = sqrt(variance)·nbdev (0 when the variance is ≤ ~0).
 */
export class VarianceCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #sqrt: boolean;
  readonly #nbdev: number;
  readonly #window: Ring;
  #total1 = 0;
  #total2 = 0;

  constructor(period: number, sqrt: boolean, nbdev = 1) {
    this.#n = period;
    this.#sqrt = sqrt;
    this.#nbdev = nbdev;
    this.lookback = period - 1;
    this.#window = new Ring(period);
  }

  push(x: number): number {
    const n = this.#n;
    const w = this.#window;
    w.push(x);
    this.#total1 += x;
    this.#total2 += x * x;
    if (w.count < n) return NaN;
    const mean1 = this.#total1 / n;
    const mean2 = this.#total2 / n;
    const old = w.get(n - 1);
    this.#total1 -= old;
    this.#total2 -= old * old;
    const variance = mean2 - mean1 * mean1;
    if (!this.#sqrt) return variance;
    if (isZeroOrNeg(variance)) return 0.0;
    return this.#nbdev !== 1.0 ? Math.sqrt(variance) * this.#nbdev : Math.sqrt(variance);
  }

  reset(): void {
    this.#window.reset();
    this.#total1 = 0;
    this.#total2 = 0;
  }
}

export const varDef: IndicatorDef = {
  name: "var",
  title: "Variance (population); nbdev is accepted for TA-Lib compatibility and unused",
  params: [periodParam(5, 1), realParam("nbdev", 1, -3e37, 3e37)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new VarianceCore(n!, false)),
};

export const stddevDef: IndicatorDef = {
  name: "stddev",
  title: "Standard Deviation (population) × nbdev",
  params: [periodParam(5, 2), realParam("nbdev", 1, -3e37, 3e37)],
  outputs: ["value"],
  create: (id, [n, d]) => new ScalarIndicator(id, new VarianceCore(n!, true, d!)),
};
