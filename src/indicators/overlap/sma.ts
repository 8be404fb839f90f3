import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/**
 * Simple moving average, with TA-Lib's arithmetic order (add the new value, read the sum,
 * then subtract the trailing one) so values match TA_SMA bit for bit.
 */
export class SmaCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #window: Ring;
  #total = 0;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period - 1;
    this.#window = new Ring(period);
  }

  push(x: number): number {
    this.#window.push(x);
    this.#total += x;
    if (this.#window.count < this.#n) return NaN;
    const sum = this.#total;
    this.#total -= this.#window.get(this.#n - 1);
    return sum / this.#n;
  }

  reset(): void {
    this.#window.reset();
    this.#total = 0;
  }
}

export const smaDef: IndicatorDef = {
  name: "sma",
  title: "Simple Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new SmaCore(n!)),
};
