import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { isZero } from "../_true-range.ts";

/**
 * Wilder gain/loss averages: simple means of changes 1..n, then avg = (avg·(n−1) + x)/n.
 * RSI = 100·g/(g+l); CMO = 100·(g−l)/(g+l); 0 when g+l is ~0. Lookback n.
 */
export class WilderGainLossCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #cmo: boolean;
  #count = 0;
  #prev = 0;
  #gain = 0;
  #loss = 0;

  constructor(period: number, cmo: boolean) {
    this.#n = period;
    this.#cmo = cmo;
    this.lookback = period;
  }

  push(x: number): number {
    const c = this.#count++;
    const n = this.#n;
    const change = x - this.#prev;
    this.#prev = x;
    if (c === 0) return NaN;
    if (c <= n) {
      if (change < 0) this.#loss -= change;
      else this.#gain += change;
      if (c < n) return NaN;
      this.#loss /= n;
      this.#gain /= n;
    } else {
      this.#loss *= n - 1;
      this.#gain *= n - 1;
      if (change < 0) this.#loss -= change;
      else this.#gain += change;
      this.#loss /= n;
      this.#gain /= n;
    }
    const sum = this.#gain + this.#loss;
    if (isZero(sum)) return 0.0;
    return this.#cmo ? 100.0 * ((this.#gain - this.#loss) / sum) : 100.0 * (this.#gain / sum);
  }

  reset(): void {
    this.#count = 0;
    this.#prev = 0;
    this.#gain = 0;
    this.#loss = 0;
  }
}

export const rsiDef: IndicatorDef = {
  name: "rsi",
  title: "Relative Strength Index",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new WilderGainLossCore(n!, false)),
};

export const cmoDef: IndicatorDef = {
  name: "cmo",
  title: "Chande Momentum Oscillator",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new WilderGainLossCore(n!, true)),
};
