import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/** One Chaikin A/D step: adds ((c−l)−(h−c))/(h−l)·volume, skipping bars where h = l. */
export function adStep(ad: number, bar: BarInput): number {
  const range = bar.high - bar.low;
  return range > 0.0 ? ad + ((bar.close - bar.low - (bar.high - bar.close)) / range) * bar.volume : ad;
}

/** Chaikin A/D line, from 0. */
export class Ad extends IndicatorBase {
  #ad = 0;

  constructor(id: string) {
    super(id, ["value"], 0);
  }

  update(bar: BarInput): number {
    this.#ad = adStep(this.#ad, bar);
    this.out[0] = this.#ad;
    return this.#ad;
  }

  protected clear(): void {
    this.#ad = 0;
  }
}

/** Chaikin A/D oscillator: EMA_fast(AD) − EMA_slow(AD), both seeded with AD[0], output from slow−1. */
export class Adosc extends IndicatorBase {
  readonly #fk: number;
  readonly #sk: number;
  #bars = 0;
  #ad = 0;
  #fast = 0;
  #slow = 0;

  constructor(id: string, fast: number, slow: number) {
    super(id, ["value"], Math.max(fast, slow) - 1);
    this.#fk = 2.0 / (fast + 1);
    this.#sk = 2.0 / (slow + 1);
  }

  update(bar: BarInput): number {
    this.#ad = adStep(this.#ad, bar);
    if (this.#bars++ === 0) {
      this.#fast = this.#ad;
      this.#slow = this.#ad;
    } else {
      this.#fast = this.#fk * this.#ad + (1.0 - this.#fk) * this.#fast;
      this.#slow = this.#sk * this.#ad + (1.0 - this.#sk) * this.#slow;
    }
    if (this.#bars <= this.lookback) return NaN;
    const v = this.#fast - this.#slow;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#bars = 0;
    this.#ad = 0;
    this.#fast = 0;
    this.#slow = 0;
  }
}

export const adDef: IndicatorDef = {
  name: "ad",
  title: "Chaikin A/D Line",
  inputs: "high, low, close, volume",
  params: [],
  outputs: ["value"],
  create: (id) => new Ad(id),
};

export const adoscDef: IndicatorDef = {
  name: "adosc",
  title: "Chaikin A/D Oscillator",
  inputs: "high, low, close, volume",
  params: [periodParam(3, 2, "fast"), periodParam(10, 2, "slow")],
  outputs: ["value"],
  create: (id, [f, s]) => new Adosc(id, f!, s!),
};
