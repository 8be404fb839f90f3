import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/** Linearly weighted MA (newest weight n), TA-Lib's running weighted-sum arithmetic. */
export class WmaCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #divider: number;
  readonly #window: Ring;
  #sum = 0;
  #sub = 0;
  #trailing = 0;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period - 1;
    this.#divider = (period * (period + 1)) / 2;
    this.#window = new Ring(period);
  }

  push(x: number): number {
    const w = this.#window;
    w.push(x);
    if (w.count < this.#n) {
      this.#sub += x;
      this.#sum += x * w.count;
      return NaN;
    }
    this.#sub += x;
    this.#sub -= this.#trailing;
    this.#sum += x * this.#n;
    this.#trailing = w.get(this.#n - 1);
    const out = this.#sum / this.#divider;
    this.#sum -= this.#sub;
    return out;
  }

  reset(): void {
    this.#window.reset();
    this.#sum = 0;
    this.#sub = 0;
    this.#trailing = 0;
  }
}

export const wmaDef: IndicatorDef = {
  name: "wma",
  title: "Weighted Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new WmaCore(n!)),
};
