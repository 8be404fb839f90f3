import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { WindowExtreme } from "../_extreme.ts";

/**
 * Aroon over n+1 bars: 100·(n − bars since the extreme)/n, the most recent extreme winning
 * ties. AROON gives [down, up]; AROONOSC gives up − down as TA-Lib: factor·(iHigh − iLow).
 */
export class Aroon extends IndicatorBase {
  readonly #n: number;
  readonly #factor: number;
  readonly #osc: boolean;
  readonly #hh: WindowExtreme;
  readonly #ll: WindowExtreme;
  #count = 0;

  constructor(id: string, period: number, osc: boolean) {
    super(id, osc ? ["value"] : ["down", "up"], period);
    this.#n = period;
    this.#factor = 100.0 / period;
    this.#osc = osc;
    this.#hh = new WindowExtreme(period + 1, "max");
    this.#ll = new WindowExtreme(period + 1, "min");
  }

  update(bar: BarInput): number {
    this.#ll.push(bar.low);
    this.#hh.push(bar.high);
    if (this.#count++ < this.#n) return NaN;
    if (this.#osc) {
      this.out[0] = this.#factor * (this.#hh.index - this.#ll.index);
    } else {
      this.out[0] = this.#factor * (this.#n - this.#ll.age);
      this.out[1] = this.#factor * (this.#n - this.#hh.age);
    }
    return this.out[0];
  }

  protected clear(): void {
    this.#hh.reset();
    this.#ll.reset();
    this.#count = 0;
  }
}

export const aroonDef: IndicatorDef = {
  name: "aroon",
  title: "Aroon",
  inputs: "high, low",
  params: [periodParam(14, 2)],
  outputs: ["down", "up"],
  create: (id, [n]) => new Aroon(id, n!, false),
};

export const aroonoscDef: IndicatorDef = {
  name: "aroonosc",
  title: "Aroon Oscillator",
  inputs: "high, low",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new Aroon(id, n!, true),
};
