import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { EmaCore } from "./ema.ts";

/** 3·E1 − 3·E2 + E3, each EMA seeded by the mean of the first n values it smooths. */
export class TemaCore implements Scalar {
  readonly lookback: number;
  readonly #e1: EmaCore;
  readonly #e2: EmaCore;
  readonly #e3: EmaCore;

  constructor(period: number) {
    this.#e1 = new EmaCore(period);
    this.#e2 = new EmaCore(period);
    this.#e3 = new EmaCore(period);
    this.lookback = 3 * (period - 1);
  }

  push(x: number): number {
    const e1 = this.#e1.push(x);
    if (e1 !== e1) return NaN;
    const e2 = this.#e2.push(e1);
    if (e2 !== e2) return NaN;
    const e3 = this.#e3.push(e2);
    return e3 !== e3 ? NaN : e3 + (3.0 * e1 - 3.0 * e2);
  }

  reset(): void {
    this.#e1.reset();
    this.#e2.reset();
    this.#e3.reset();
  }
}

export const temaDef: IndicatorDef = {
  name: "tema",
  title: "Triple Exponential Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new TemaCore(n!)),
};
