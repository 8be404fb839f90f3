import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { EmaCore } from "./ema.ts";

/** 2·EMA − EMA(EMA); the inner EMA is seeded by the mean of the first n outer values. */
export class DemaCore implements Scalar {
  readonly lookback: number;
  readonly #e1: EmaCore;
  readonly #e2: EmaCore;

  constructor(period: number) {
    this.#e1 = new EmaCore(period);
    this.#e2 = new EmaCore(period);
    this.lookback = 2 * (period - 1);
  }

  push(x: number): number {
    const e1 = this.#e1.push(x);
    if (e1 !== e1) return NaN;
    const e2 = this.#e2.push(e1);
    return e2 !== e2 ? NaN : 2.0 * e1 - e2;
  }

  reset(): void {
    this.#e1.reset();
    this.#e2.reset();
  }
}

export const demaDef: IndicatorDef = {
  name: "dema",
  title: "Double Exponential Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new DemaCore(n!)),
};
