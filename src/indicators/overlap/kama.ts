import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { isZero } from "../_true-range.ts";

const SLOW = 2.0 / (30.0 + 1.0);
const DIFF = 2.0 / (2.0 + 1.0) - SLOW;

/**
 * Kaufman adaptive MA (fast 2, slow 30): seeded with x[n-1], first value at index n;
 * ER = |x − x[n]| / Σ|Δx| over the last n changes (1 when that sum is ~0), sc = (ER·diff+slow)².
 */
export class KamaCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  /** The last n+1 inputs before the current one. */
  readonly #past: Ring;
  #sumRoc = 0;
  #kama = NaN;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period;
    this.#past = new Ring(period + 1);
  }

  push(x: number): number {
    const n = this.#n;
    const past = this.#past;
    const seen = past.count;
    let out = NaN;
    if (seen >= 1 && seen <= n) {
      this.#sumRoc += Math.abs(past.get(0) - x);
    }
    if (seen === n) {
      this.#kama = past.get(0);
      out = this.#step(x, past.get(n - 1));
    } else if (seen > n) {
      const trailing = past.get(n - 1);
      this.#sumRoc -= Math.abs(past.get(n) - trailing);
      this.#sumRoc += Math.abs(x - past.get(0));
      out = this.#step(x, trailing);
    }
    past.push(x);
    return out;
  }

  #step(x: number, trailing: number): number {
    const periodRoc = x - trailing;
    const sum = this.#sumRoc;
    let er = sum <= periodRoc || isZero(sum) ? 1.0 : Math.abs(periodRoc / sum);
    er = er * DIFF + SLOW;
    er *= er;
    this.#kama = (x - this.#kama) * er + this.#kama;
    return this.#kama;
  }

  reset(): void {
    this.#past.reset();
    this.#sumRoc = 0;
    this.#kama = NaN;
  }
}

export const kamaDef: IndicatorDef = {
  name: "kama",
  title: "Kaufman Adaptive Moving Average",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new KamaCore(n!)),
};
