import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

/**
 * Simple moving average, with TA-Lib's arithmetic order (add the new value, read the sum,
 * then subtract the trailing one) so values match TA_SMA bit for bit. The window is its own
 * ring (no Ring object): this is the hottest indicator of the backtest loop.
 */
export class SmaCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #window: Float64Array;
  /** Where the next value goes; once full, also where the trailing value sits. */
  #next = 0;
  #count = 0;
  #total = 0;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period - 1;
    this.#window = new Float64Array(period);
  }

  push(x: number): number {
    const window = this.#window;
    let next = this.#next;
    window[next] = x;
    next = next + 1 === this.#n ? 0 : next + 1;
    this.#next = next;
    this.#total += x;
    if (this.#count < this.lookback) {
      this.#count++;
      return NaN;
    }
    const sum = this.#total;
    // After the write, the slot at `next` holds the value pushed n - 1 pushes ago.
    this.#total -= window[next]!;
    return sum / this.#n;
  }

  reset(): void {
    this.#window.fill(0);
    this.#next = 0;
    this.#count = 0;
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
