import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { SmaCore } from "./sma.ts";

/**
 * Triangular MA = SMA of an SMA: odd n uses (n+1)/2 twice, even n uses n/2 then n/2+1, which is
 * TA-Lib's weighting (its single running numerator differs only in the last bits).
 */
export class TrimaCore implements Scalar {
  readonly lookback: number;
  readonly #a: SmaCore;
  readonly #b: SmaCore;

  constructor(period: number) {
    const half = period >> 1;
    if (period % 2 === 1) {
      this.#a = new SmaCore(half + 1);
      this.#b = new SmaCore(half + 1);
    } else {
      this.#a = new SmaCore(half);
      this.#b = new SmaCore(half + 1);
    }
    this.lookback = period - 1;
  }

  push(x: number): number {
    const a = this.#a.push(x);
    return a !== a ? NaN : this.#b.push(a);
  }

  reset(): void {
    this.#a.reset();
    this.#b.reset();
  }
}

export const trimaDef: IndicatorDef = {
  name: "trima",
  title: "Triangular Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new TrimaCore(n!)),
};
