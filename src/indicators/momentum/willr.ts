import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { WindowExtreme } from "../_extreme.ts";

/** Williams %R: (HH − c)/((HH − LL)/−100), in [−100, 0]; 0 when HH = LL. */
export class Willr extends IndicatorBase {
  readonly #hh: WindowExtreme;
  readonly #ll: WindowExtreme;
  #count = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period - 1);
    this.#hh = new WindowExtreme(period, "max");
    this.#ll = new WindowExtreme(period, "min");
  }

  update(bar: BarInput): number {
    const hh = this.#hh.push(bar.high);
    const ll = this.#ll.push(bar.low);
    if (this.#count++ < this.lookback) return NaN;
    const diff = (hh - ll) / -100.0;
    const v = diff !== 0.0 ? (hh - bar.close) / diff : 0.0;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#hh.reset();
    this.#ll.reset();
    this.#count = 0;
  }
}

export const willrDef: IndicatorDef = {
  name: "willr",
  title: "Williams' %R",
  inputs: "high, low, close",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new Willr(id, n!),
};
