import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { isZero, trueRange } from "../_true-range.ts";

type Kind = "atr" | "natr" | "trange";

/**
 * True range from bar 1 on; ATR = mean of TR[1..n] at index n, then Wilder
 * (atr·(n−1) + tr)/n; NATR = 100·ATR/close; TRANGE is the true range itself (lookback 1).
 * Period 1 is TA-Lib's TRANGE for ATR and NATR alike: ta_NATR.c skips the normalization then.
 */
export class Atr extends IndicatorBase {
  readonly #n: number;
  readonly #kind: Kind;
  #bars = 0;
  #prevClose = 0;
  #atr = 0;

  constructor(id: string, period: number, kind: Kind) {
    super(id, ["value"], kind === "trange" ? 1 : period);
    this.#n = period;
    this.#kind = kind;
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const t = this.#bars++;
    const tr = trueRange(bar.high, bar.low, this.#prevClose);
    this.#prevClose = bar.close;
    if (t === 0) return NaN;
    let v: number;
    if (this.#kind === "trange") {
      v = tr;
    } else {
      if (t < n) {
        this.#atr += tr;
        return NaN;
      }
      if (t === n) {
        this.#atr = (this.#atr + tr) / n;
      } else {
        this.#atr *= n - 1;
        this.#atr += tr;
        this.#atr /= n;
      }
      v = this.#kind === "atr" ? this.#atr : isZero(bar.close) ? 0.0 : (this.#atr / bar.close) * 100.0;
    }
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#bars = 0;
    this.#prevClose = 0;
    this.#atr = 0;
  }
}

export const atrDef: IndicatorDef = {
  name: "atr",
  title: "Average True Range",
  inputs: "high, low, close",
  params: [periodParam(14, 1)],
  outputs: ["value"],
  create: (id, [n]) => new Atr(id, n!, "atr"),
};

export const natrDef: IndicatorDef = {
  name: "natr",
  title: "Normalized Average True Range",
  inputs: "high, low, close",
  params: [periodParam(14, 1)],
  outputs: ["value"],
  // TA-Lib returns the unnormalized true range for period 1 (ta_NATR.c): matched, odd as it is.
  create: (id, [n]) => new Atr(id, n!, n === 1 ? "trange" : "natr"),
};

export const trangeDef: IndicatorDef = {
  name: "trange",
  title: "True Range",
  inputs: "high, low, close",
  params: [],
  outputs: ["value"],
  create: (id) => new Atr(id, 1, "trange"),
};
