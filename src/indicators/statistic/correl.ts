import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { isZeroOrNeg } from "../_true-range.ts";

/**
 * Pearson correlation of two series over n bars, 0 when a variance is ≤ ~0. Like TA-Lib's
 * abstract interface (price0 = high, price1 = low), it reads high and low.
 */
export class Correl extends IndicatorBase {
  readonly #n: number;
  readonly #xs: Ring;
  readonly #ys: Ring;
  #sx = 0;
  #sy = 0;
  #sxy = 0;
  #sx2 = 0;
  #sy2 = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period - 1);
    this.#n = period;
    this.#xs = new Ring(period);
    this.#ys = new Ring(period);
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const x = bar.high;
    const y = bar.low;
    if (this.#xs.count >= n) {
      const tx = this.#xs.get(n - 1);
      const ty = this.#ys.get(n - 1);
      this.#sx -= tx;
      this.#sx2 -= tx * tx;
      this.#sxy -= tx * ty;
      this.#sy -= ty;
      this.#sy2 -= ty * ty;
    }
    this.#xs.push(x);
    this.#ys.push(y);
    this.#sx += x;
    this.#sx2 += x * x;
    this.#sxy += x * y;
    this.#sy += y;
    this.#sy2 += y * y;
    if (this.#xs.count < n) return NaN;
    const sx = this.#sx;
    const sy = this.#sy;
    const denom = (this.#sx2 - (sx * sx) / n) * (this.#sy2 - (sy * sy) / n);
    const v = isZeroOrNeg(denom) ? 0.0 : (this.#sxy - (sx * sy) / n) / Math.sqrt(denom);
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#xs.reset();
    this.#ys.reset();
    this.#sx = this.#sy = this.#sxy = this.#sx2 = this.#sy2 = 0;
  }
}

export const correlDef: IndicatorDef = {
  name: "correl",
  title: "Pearson's Correlation Coefficient (high vs low)",
  inputs: "high, low",
  params: [periodParam(30, 1)],
  outputs: ["value"],
  create: (id, [n]) => new Correl(id, n!),
};
