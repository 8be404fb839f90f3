import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import type { IndicatorDef } from "../_def.ts";
import { isZeroOrNeg } from "../_true-range.ts";

/** Balance of Power: (c − o)/(h − l), 0 when h − l is ~0. */
export class Bop extends IndicatorBase {
  constructor(id: string) {
    super(id, ["value"], 0);
  }

  update(bar: BarInput): number {
    const range = bar.high - bar.low;
    const v = isZeroOrNeg(range) ? 0.0 : (bar.close - bar.open) / range;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {}
}

export const bopDef: IndicatorDef = {
  name: "bop",
  title: "Balance Of Power",
  inputs: "open, high, low, close",
  params: [],
  outputs: ["value"],
  create: (id) => new Bop(id),
};
