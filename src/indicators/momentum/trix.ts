import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { EmaCore } from "../overlap/ema.ts";

/** TRIX: 1-bar rate of change (in %) of a triple EMA; lookback 3(n−1)+1. */
export class TrixCore implements Scalar {
  readonly lookback: number;
  readonly #e1: EmaCore;
  readonly #e2: EmaCore;
  readonly #e3: EmaCore;
  #prev = NaN;

  constructor(period: number) {
    this.#e1 = new EmaCore(period);
    this.#e2 = new EmaCore(period);
    this.#e3 = new EmaCore(period);
    this.lookback = 3 * (period - 1) + 1;
  }

  push(x: number): number {
    const e1 = this.#e1.push(x);
    if (e1 !== e1) return NaN;
    const e2 = this.#e2.push(e1);
    if (e2 !== e2) return NaN;
    const e3 = this.#e3.push(e2);
    if (e3 !== e3) return NaN;
    const prev = this.#prev;
    this.#prev = e3;
    if (prev !== prev) return NaN;
    return prev !== 0.0 ? (e3 / prev - 1.0) * 100.0 : 0.0;
  }

  reset(): void {
    this.#e1.reset();
    this.#e2.reset();
    this.#e3.reset();
    this.#prev = NaN;
  }
}

export const trixDef: IndicatorDef = {
  name: "trix",
  title: "1-day Rate-Of-Change of a Triple Smooth EMA",
  params: [periodParam(30, 1)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new TrixCore(n!)),
};
