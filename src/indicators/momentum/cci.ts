import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/**
 * Commodity Channel Index on typical price (h+l+c)/3: (tp − mean)/(0.015 · mean absolute
 * deviation), 0 when either part is 0. The mean absolute deviation around a moving mean has no
 * running form, so each update is O(n) over the window (as in TA-Lib); no allocation.
 */
export class Cci extends IndicatorBase {
  readonly #n: number;
  readonly #buf: Float64Array;
  #idx = 0;
  #count = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period - 1);
    this.#n = period;
    this.#buf = new Float64Array(period);
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const buf = this.#buf;
    const last = (bar.high + bar.low + bar.close) / 3;
    buf[this.#idx] = last;
    this.#idx = this.#idx + 1 === n ? 0 : this.#idx + 1;
    if (++this.#count < n) return NaN;
    let avg = 0;
    for (let j = 0; j < n; j++) avg += buf[j]!;
    avg /= n;
    let dev = 0;
    for (let j = 0; j < n; j++) dev += Math.abs(buf[j]! - avg);
    const num = last - avg;
    const v = num !== 0.0 && dev !== 0.0 ? num / (0.015 * (dev / n)) : 0.0;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#buf.fill(0);
    this.#idx = 0;
    this.#count = 0;
  }
}

export const cciDef: IndicatorDef = {
  name: "cci",
  title: "Commodity Channel Index",
  inputs: "high, low, close",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new Cci(id, n!),
};
