import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import type { IndicatorDef } from "../_def.ts";

/** On Balance Volume: starts at +volume[0]; adds volume on an up close, subtracts on a down close. */
export class Obv extends IndicatorBase {
  #started = false;
  #prevClose = 0;
  #obv = 0;

  constructor(id: string) {
    super(id, ["value"], 0);
  }

  update(bar: BarInput): number {
    if (!this.#started) {
      this.#started = true;
      this.#obv = bar.volume;
    } else if (bar.close > this.#prevClose) {
      this.#obv += bar.volume;
    } else if (bar.close < this.#prevClose) {
      this.#obv -= bar.volume;
    }
    this.#prevClose = bar.close;
    this.out[0] = this.#obv;
    return this.#obv;
  }

  protected clear(): void {
    this.#started = false;
    this.#prevClose = 0;
    this.#obv = 0;
  }
}

export const obvDef: IndicatorDef = {
  name: "obv",
  title: "On Balance Volume",
  inputs: "close, volume",
  params: [],
  outputs: ["value"],
  create: (id) => new Obv(id),
};
