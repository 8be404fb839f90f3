import { IndicatorBase, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import type { BarInput } from "../types.ts";

/**
 * Simple moving average, with TA-Lib's arithmetic order (add the new value, read the sum,
 * then subtract the trailing one) so values match TA_SMA bit for bit. One object is both
 * the Scalar that composites chain (TRIMA, MA) and the streaming indicator on close, with
 * its ring inline: SMA is the hottest indicator of the backtest loop, and every object a
 * bar touches costs memory traffic when hundreds of symbols run.
 */
export class SmaCore extends IndicatorBase implements Scalar {
  readonly #n: number;
  readonly #window: Float64Array;
  /** Where the next value goes; once full, also where the trailing value sits. */
  #next = 0;
  #count = 0;
  #total = 0;
  #value = NaN;

  constructor(period: number, id = `sma_${period}`) {
    super(id, ["value"], period - 1);
    this.#n = period;
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

  update(bar: BarInput): number {
    const v = this.push(bar.close);
    this.#value = v;
    return v;
  }

  override value(k?: number): number {
    return k === undefined || k === 0 ? this.#value : NaN;
  }

  protected clear(): void {
    this.#window.fill(0);
    this.#next = 0;
    this.#count = 0;
    this.#total = 0;
    this.#value = NaN;
  }
}

export const smaDef: IndicatorDef = {
  name: "sma",
  title: "Simple Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new SmaCore(n!, id),
};
