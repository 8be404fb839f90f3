import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { realParam, type IndicatorDef } from "../_def.ts";

/**
 * Parabolic SAR as TA-Lib computes it: the direction comes from bar 1's −DM; the first output is
 * at bar 1, whose "previous bar" is bar 1 itself; a reversal outputs the old EP clamped by the
 * prior and current bars and resets af; af grows only on a new EP, capped at `maximum`.
 */
export class Sar extends IndicatorBase {
  readonly #accel: number;
  readonly #max: number;
  #bars = 0;
  #long = true;
  #af = 0;
  #ep = 0;
  #sar = 0;
  #newHigh = 0;
  #newLow = 0;

  constructor(id: string, acceleration: number, maximum: number) {
    super(id, ["value"], 1);
    this.#accel = Math.min(acceleration, maximum);
    this.#max = maximum;
  }

  update(bar: BarInput): number {
    const { high, low } = bar;
    const seen = this.#bars++;
    if (seen === 0) {
      this.#newHigh = high;
      this.#newLow = low;
      return NaN;
    }
    if (seen === 1) {
      const diffP = high - this.#newHigh;
      const diffM = this.#newLow - low;
      const minusDm = diffM > 0 && diffP < diffM ? diffM : 0;
      this.#long = !(minusDm > 0);
      this.#af = this.#accel;
      if (this.#long) {
        this.#ep = high;
        this.#sar = this.#newLow;
      } else {
        this.#ep = low;
        this.#sar = this.#newHigh;
      }
      this.#newLow = low;
      this.#newHigh = high;
    }
    const out = this.#step(high, low);
    this.out[0] = out;
    return out;
  }

  #step(high: number, low: number): number {
    const prevLow = this.#newLow;
    const prevHigh = this.#newHigh;
    this.#newLow = low;
    this.#newHigh = high;
    let sar = this.#sar;
    let out: number;
    if (this.#long) {
      if (low <= sar) {
        this.#long = false;
        sar = this.#ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        out = sar;
        this.#af = this.#accel;
        this.#ep = low;
        sar = sar + this.#af * (this.#ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.#ep) {
          this.#ep = high;
          this.#af = Math.min(this.#af + this.#accel, this.#max);
        }
        sar = sar + this.#af * (this.#ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.#long = true;
      sar = this.#ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      out = sar;
      this.#af = this.#accel;
      this.#ep = high;
      sar = sar + this.#af * (this.#ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = sar;
      if (low < this.#ep) {
        this.#ep = low;
        this.#af = Math.min(this.#af + this.#accel, this.#max);
      }
      sar = sar + this.#af * (this.#ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.#sar = sar;
    return out;
  }

  protected clear(): void {
    this.#bars = 0;
    this.#long = true;
    this.#af = 0;
    this.#ep = 0;
    this.#sar = 0;
  }
}

export const sarDef: IndicatorDef = {
  name: "sar",
  title: "Parabolic SAR",
  inputs: "high, low",
  params: [realParam("acceleration", 0.02, 0, 3e37), realParam("maximum", 0.2, 0, 3e37)],
  outputs: ["value"],
  create: (id, [a, m]) => new Sar(id, a!, m!),
};
