import type { BarInput } from "../types.ts";
import { IndicatorBase, type Scalar } from "../_base.ts";
import { periodParam, realParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { isZeroOrNeg } from "../_true-range.ts";
import { maCore, maTypeParam } from "./ma.ts";

/**
 * Bollinger Bands: middle = MA (SMA by default), bands = middle ± nbdev × population standard
 * deviation over the same n closes: sqrt(mean(x²) − middle²), as TA-Lib computes it for SMA.
 */
export class Bbands extends IndicatorBase {
  readonly #n: number;
  readonly #up: number;
  readonly #dn: number;
  readonly #sma: boolean;
  readonly #ma: Scalar;
  readonly #window: Ring;
  #total1 = 0;
  #total2 = 0;

  constructor(id: string, period: number, up: number, dn: number, matype: number) {
    const ma = maCore(period, matype);
    super(id, ["upper", "middle", "lower"], ma.lookback);
    this.#n = period;
    this.#up = up;
    this.#dn = dn;
    this.#sma = matype === 0;
    this.#ma = ma;
    this.#window = new Ring(period);
  }

  update(bar: BarInput): number {
    const x = bar.close;
    const n = this.#n;
    const w = this.#window;
    const mid = this.#ma.push(x);
    w.push(x);
    this.#total1 += x;
    this.#total2 += x * x;
    if (w.count < n) return NaN;
    const mean1 = this.#total1 / n;
    let mean2 = this.#total2 / n;
    const old = w.get(n - 1);
    this.#total1 -= old;
    this.#total2 -= old * old;
    if (mid !== mid) return NaN;
    // TA-Lib: with SMA it subtracts the MA squared; otherwise it takes STDDEV (variance of the window).
    mean2 -= this.#sma ? mid * mid : mean1 * mean1;
    const sd = isZeroOrNeg(mean2) ? 0.0 : Math.sqrt(mean2);
    this.out[0] = mid + sd * this.#up;
    this.out[1] = mid;
    this.out[2] = mid - sd * this.#dn;
    return this.out[0];
  }

  protected clear(): void {
    this.#ma.reset();
    this.#window.reset();
    this.#total1 = 0;
    this.#total2 = 0;
  }
}

export const bbandsDef: IndicatorDef = {
  name: "bbands",
  title: "Bollinger Bands",
  params: [periodParam(5, 2), realParam("nbdevup", 2, -3e37, 3e37), realParam("nbdevdn", 2, -3e37, 3e37), maTypeParam()],
  outputs: ["upper", "middle", "lower"],
  create: (id, [n, up, dn, t]) => new Bbands(id, n!, up!, dn!, t!),
};
