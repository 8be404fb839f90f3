import type { BarInput } from "../types.ts";
import { IndicatorBase, ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { WindowExtreme } from "../_extreme.ts";

/** (highest + lowest)/2 of the last n values. */
export class MidpointCore implements Scalar {
  readonly lookback: number;
  readonly #max: WindowExtreme;
  readonly #min: WindowExtreme;
  #count = 0;

  constructor(period: number) {
    this.lookback = period - 1;
    this.#max = new WindowExtreme(period, "max");
    this.#min = new WindowExtreme(period, "min");
  }

  push(x: number): number {
    const hi = this.#max.push(x);
    const lo = this.#min.push(x);
    return ++this.#count > this.lookback ? (hi + lo) / 2.0 : NaN;
  }

  reset(): void {
    this.#max.reset();
    this.#min.reset();
    this.#count = 0;
  }
}

/** (highest high + lowest low)/2 over n bars. */
export class Midprice extends IndicatorBase {
  readonly #max: WindowExtreme;
  readonly #min: WindowExtreme;
  #count = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period - 1);
    this.#max = new WindowExtreme(period, "max");
    this.#min = new WindowExtreme(period, "min");
  }

  update(bar: BarInput): number {
    const hi = this.#max.push(bar.high);
    const lo = this.#min.push(bar.low);
    const v = ++this.#count > this.lookback ? (hi + lo) / 2.0 : NaN;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#max.reset();
    this.#min.reset();
    this.#count = 0;
  }
}

export const midpointDef: IndicatorDef = {
  name: "midpoint",
  title: "MidPoint over period",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new MidpointCore(n!)),
};

export const midpriceDef: IndicatorDef = {
  name: "midprice",
  title: "Midpoint Price over period",
  inputs: "high, low",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new Midprice(id, n!),
};
