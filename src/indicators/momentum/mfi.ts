import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";

/**
 * Money Flow Index: flow = tp·volume with tp = (h+l+c)/3, positive when tp rose, negative when
 * it fell, neither when unchanged; plain n-bar sums; 100·pos/(pos+neg), 0 when pos+neg < 1.
 */
export class Mfi extends IndicatorBase {
  readonly #n: number;
  readonly #pos: Ring;
  readonly #neg: Ring;
  #bars = 0;
  #prevTp = 0;
  #posSum = 0;
  #negSum = 0;

  constructor(id: string, period: number) {
    super(id, ["value"], period);
    this.#n = period;
    this.#pos = new Ring(period);
    this.#neg = new Ring(period);
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const tp = (bar.high + bar.low + bar.close) / 3.0;
    const seen = this.#bars++;
    const change = tp - this.#prevTp;
    this.#prevTp = tp;
    if (seen === 0) return NaN;
    if (seen > n) {
      this.#posSum -= this.#pos.get(n - 1);
      this.#negSum -= this.#neg.get(n - 1);
    }
    const flow = tp * bar.volume;
    if (change < 0) {
      this.#neg.push(flow);
      this.#negSum += flow;
      this.#pos.push(0.0);
    } else if (change > 0) {
      this.#pos.push(flow);
      this.#posSum += flow;
      this.#neg.push(0.0);
    } else {
      this.#pos.push(0.0);
      this.#neg.push(0.0);
    }
    if (seen < n) return NaN;
    const total = this.#posSum + this.#negSum;
    const v = total < 1.0 ? 0.0 : 100.0 * (this.#posSum / total);
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#pos.reset();
    this.#neg.reset();
    this.#bars = 0;
    this.#prevTp = 0;
    this.#posSum = 0;
    this.#negSum = 0;
  }
}

export const mfiDef: IndicatorDef = {
  name: "mfi",
  title: "Money Flow Index",
  inputs: "high, low, close, volume",
  params: [periodParam(14, 2)],
  outputs: ["value"],
  create: (id, [n]) => new Mfi(id, n!),
};
