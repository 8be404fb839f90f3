import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, realParam, type IndicatorDef } from "../_def.ts";

/** An EMA in T3's form e = k·x + (1−k)·e, seeded by the mean of its first n inputs. */
class BlendEma {
  readonly #n: number;
  readonly #k: number;
  readonly #omk: number;
  #count = 0;
  #sum = 0;
  #e = NaN;

  constructor(period: number) {
    this.#n = period;
    this.#k = 2.0 / (period + 1.0);
    this.#omk = 1.0 - this.#k;
  }

  push(x: number): number {
    const c = ++this.#count;
    if (c < this.#n) {
      this.#sum += x;
      return NaN;
    }
    if (c === this.#n) {
      this.#sum += x;
      this.#e = this.#sum / this.#n;
    } else {
      this.#e = this.#k * x + this.#omk * this.#e;
    }
    return this.#e;
  }

  reset(): void {
    this.#count = 0;
    this.#sum = 0;
    this.#e = NaN;
  }
}

/** Tillson T3: six chained EMAs combined with the volume factor; lookback 6(n−1). */
export class T3Core implements Scalar {
  readonly lookback: number;
  readonly #e: BlendEma[];
  readonly #c1: number;
  readonly #c2: number;
  readonly #c3: number;
  readonly #c4: number;

  constructor(period: number, vfactor: number) {
    this.lookback = 6 * (period - 1);
    this.#e = Array.from({ length: 6 }, () => new BlendEma(period));
    const v2 = vfactor * vfactor;
    this.#c1 = -(v2 * vfactor);
    this.#c2 = 3.0 * (v2 - this.#c1);
    this.#c3 = -6.0 * v2 - 3.0 * (vfactor - this.#c1);
    this.#c4 = 1.0 + 3.0 * vfactor - this.#c1 + 3.0 * v2;
  }

  push(x: number): number {
    const e = this.#e;
    const e1 = e[0]!.push(x);
    if (e1 !== e1) return NaN;
    const e2 = e[1]!.push(e1);
    if (e2 !== e2) return NaN;
    const e3 = e[2]!.push(e2);
    if (e3 !== e3) return NaN;
    const e4 = e[3]!.push(e3);
    if (e4 !== e4) return NaN;
    const e5 = e[4]!.push(e4);
    if (e5 !== e5) return NaN;
    const e6 = e[5]!.push(e5);
    if (e6 !== e6) return NaN;
    return this.#c1 * e6 + this.#c2 * e5 + this.#c3 * e4 + this.#c4 * e3;
  }

  reset(): void {
    for (const e of this.#e) e.reset();
  }
}

export const t3Def: IndicatorDef = {
  name: "t3",
  title: "Triple Exponential Moving Average (T3)",
  params: [periodParam(5, 2), realParam("vfactor", 0.7, 0, 1)],
  outputs: ["value"],
  create: (id, [n, v]) => new ScalarIndicator(id, new T3Core(n!, v!)),
};
