import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/**
 * Exponential moving average, TA-Lib default: k = 2/(n+1), seeded at index n-1 with the
 * mean of the first n inputs, then `e = (x - e) * k + e`. `k` may be given (MACD's fixed 9-period
 * signal and T3 pass their own).
 */
export class EmaCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #k: number;
  #count = 0;
  #sum = 0;
  #ema = NaN;

  constructor(period: number, k = 2 / (period + 1)) {
    this.#n = period;
    this.#k = k;
    this.lookback = period - 1;
  }

  push(x: number): number {
    this.#count++;
    if (this.#count < this.#n) {
      this.#sum += x;
      return NaN;
    }
    if (this.#count === this.#n) {
      this.#sum += x;
      this.#ema = this.#sum / this.#n;
    } else {
      this.#ema = (x - this.#ema) * this.#k + this.#ema;
    }
    return this.#ema;
  }

  reset(): void {
    this.#count = 0;
    this.#sum = 0;
    this.#ema = NaN;
  }
}

export const emaDef: IndicatorDef = {
  name: "ema",
  title: "Exponential Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new EmaCore(n!)),
};
