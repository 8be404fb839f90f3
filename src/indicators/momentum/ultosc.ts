import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { isZero, trueRange } from "../_true-range.ts";

/**
 * Ultimate Oscillator: BP = c − min(l, prevClose), TR = true range, A = ΣBP/ΣTR over each period
 * (sorted shortest first), 100·(4·A1 + 2·A2 + A3)/7. Lookback = longest period.
 */
export class Ultosc extends IndicatorBase {
  readonly #p: readonly [number, number, number];
  readonly #bp: Ring;
  readonly #tr: Ring;
  readonly #a = new Float64Array(3);
  readonly #b = new Float64Array(3);
  #bars = 0;
  #prevClose = 0;

  constructor(id: string, p1: number, p2: number, p3: number) {
    const sorted = [p1, p2, p3].sort((x, y) => x - y) as [number, number, number];
    super(id, ["value"], sorted[2]);
    this.#p = sorted;
    this.#bp = new Ring(sorted[2]);
    this.#tr = new Ring(sorted[2]);
  }

  update(bar: BarInput): number {
    const seen = this.#bars++;
    const prevClose = this.#prevClose;
    this.#prevClose = bar.close;
    if (seen === 0) return NaN;
    const bp = bar.close - Math.min(bar.low, prevClose);
    const tr = trueRange(bar.high, bar.low, prevClose);
    this.#bp.push(bp);
    this.#tr.push(tr);
    const a = this.#a;
    const b = this.#b;
    for (let k = 0; k < 3; k++) {
      a[k]! += bp;
      b[k]! += tr;
    }
    let v = NaN;
    if (seen >= this.lookback) {
      let out = 0.0;
      if (!isZero(b[0]!)) out += 4.0 * (a[0]! / b[0]!);
      if (!isZero(b[1]!)) out += 2.0 * (a[1]! / b[1]!);
      if (!isZero(b[2]!)) out += a[2]! / b[2]!;
      v = 100.0 * (out / 7.0);
      this.out[0] = v;
    }
    // Drop the bar that leaves each window next (TA-Lib subtracts after computing).
    for (let k = 0; k < 3; k++) {
      const back = this.#p[k]! - 1;
      if (seen - back >= 1) {
        a[k]! -= this.#bp.get(back);
        b[k]! -= this.#tr.get(back);
      }
    }
    return v;
  }

  protected clear(): void {
    this.#bp.reset();
    this.#tr.reset();
    this.#a.fill(0);
    this.#b.fill(0);
    this.#bars = 0;
    this.#prevClose = 0;
  }
}

export const ultoscDef: IndicatorDef = {
  name: "ultosc",
  title: "Ultimate Oscillator",
  inputs: "high, low, close",
  params: [periodParam(7, 1, "period1"), periodParam(14, 1, "period2"), periodParam(28, 1, "period3")],
  outputs: ["value"],
  create: (id, [a, b, c]) => new Ultosc(id, a!, b!, c!),
};
