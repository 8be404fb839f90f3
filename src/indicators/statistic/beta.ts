import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { isZero } from "../_true-range.ts";

/**
 * Beta of series 0's one-bar returns against series 1's over n returns (lookback n):
 * (n·Σxy − Σx·Σy)/(n·Σx² − (Σx)²), 0 when the denominator is ~0. Reads high (x) and low (y),
 * as TA-Lib's abstract interface does by default.
 */
export class Beta extends IndicatorBase {
  readonly #n: number;
  readonly #xs: Ring;
  readonly #ys: Ring;
  #bars = 0;
  #lastX = 0;
  #lastY = 0;
  #sxx = 0;
  #sxy = 0;
  #sx = 0;
  #sy = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period);
    this.#n = period;
    this.#xs = new Ring(period);
    this.#ys = new Ring(period);
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const t = this.#bars++;
    const px = bar.high;
    const py = bar.low;
    const lastX = this.#lastX;
    const lastY = this.#lastY;
    this.#lastX = px;
    this.#lastY = py;
    if (t === 0) return NaN;
    const x = isZero(lastX) ? 0.0 : (px - lastX) / lastX;
    const y = isZero(lastY) ? 0.0 : (py - lastY) / lastY;
    this.#xs.push(x);
    this.#ys.push(y);
    this.#sxx += x * x;
    this.#sxy += x * y;
    this.#sx += x;
    this.#sy += y;
    if (t < n) return NaN;
    const denom = n * this.#sxx - this.#sx * this.#sx;
    const v = isZero(denom) ? 0.0 : (n * this.#sxy - this.#sx * this.#sy) / denom;
    const tx = this.#xs.get(n - 1);
    const ty = this.#ys.get(n - 1);
    this.#sxx -= tx * tx;
    this.#sxy -= tx * ty;
    this.#sx -= tx;
    this.#sy -= ty;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#xs.reset();
    this.#ys.reset();
    this.#bars = 0;
    this.#lastX = this.#lastY = 0;
    this.#sxx = this.#sxy = this.#sx = this.#sy = 0;
  }
}

export const betaDef: IndicatorDef = {
  name: "beta",
  title: "Beta of one-bar returns (high vs low)",
  inputs: "high, low",
  params: [periodParam(5, 1)],
  outputs: ["value"],
  create: (id, [n]) => new Beta(id, n!),
};
