import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { isZero, trueRange } from "../_true-range.ts";

type Kind = "plus_dm" | "minus_dm" | "plus_di" | "minus_di" | "dx" | "adx" | "adxr";

const LOOKBACK: Record<Kind, (n: number) => number> = {
  plus_dm: (n) => n - 1,
  minus_dm: (n) => n - 1,
  plus_di: (n) => n,
  minus_di: (n) => n,
  dx: (n) => n,
  adx: (n) => 2 * n - 1,
  adxr: (n) => 3 * n - 2,
};

/**
 * Wilder's directional movement family, one state for all seven TA-Lib functions. +DM = up if
 * up > 0 and up > down, −DM = down if down > 0 and down > up (ties: neither). Wilder *sums*
 * seeded with bars 1..n−1, then S = S − S/n + x. DI = 100·S±DM/STR; DX = 100·|+DI − −DI|/(+DI + −DI);
 * ADX seeded with the mean DX of bars n..2n−1, then (adx·(n−1) + dx)/n; ADXR = (adx + adx[n−1 ago])/2.
 */
export class Directional extends IndicatorBase {
  readonly #n: number;
  readonly #kind: Kind;
  readonly #adxHistory: Ring;
  #bars = 0;
  #prevHigh = 0;
  #prevLow = 0;
  #prevClose = 0;
  #plusDm = 0;
  #minusDm = 0;
  #tr = 0;
  #dx = 0;
  #sumDx = 0;
  #adx = 0;

  constructor(id: string, period: number, kind: Kind) {
    super(id, ["value"], LOOKBACK[kind](period));
    this.#n = period;
    this.#kind = kind;
    this.#adxHistory = new Ring(period);
  }

  update(bar: BarInput): number {
    const n = this.#n;
    const t = this.#bars++;
    const { high, low } = bar;
    const diffP = high - this.#prevHigh;
    const diffM = this.#prevLow - low;
    const tr = trueRange(high, low, this.#prevClose);
    this.#prevHigh = high;
    this.#prevLow = low;
    this.#prevClose = bar.close;
    if (t === 0) return NaN;
    const minus = diffM > 0 && diffP < diffM ? diffM : 0;
    const plus = minus === 0 && diffP > 0 && diffP > diffM ? diffP : 0;
    if (t < n) {
      this.#minusDm += minus;
      this.#plusDm += plus;
      this.#tr += tr;
    } else {
      this.#minusDm = this.#minusDm - this.#minusDm / n + minus;
      this.#plusDm = this.#plusDm - this.#plusDm / n + plus;
      this.#tr = this.#tr - this.#tr / n + tr;
    }
    if (t < this.lookback) {
      if (this.#kind === "adx" || this.#kind === "adxr") this.#trackAdx(t);
      return NaN;
    }
    const v = this.#output(t);
    this.out[0] = v;
    return v;
  }

  #output(t: number): number {
    switch (this.#kind) {
      case "plus_dm": return this.#plusDm;
      case "minus_dm": return this.#minusDm;
      case "plus_di": return isZero(this.#tr) ? 0.0 : 100.0 * (this.#plusDm / this.#tr);
      case "minus_di": return isZero(this.#tr) ? 0.0 : 100.0 * (this.#minusDm / this.#tr);
      case "dx": {
        const dx = this.#currentDx();
        if (dx === dx) this.#dx = dx;
        else if (t === this.lookback) this.#dx = 0.0;
        return this.#dx;
      }
      case "adx": return this.#trackAdx(t);
      case "adxr": {
        const adx = this.#trackAdx(t);
        return (adx + this.#adxHistory.get(this.#n - 1)) / 2.0;
      }
    }
  }

  /** DX of the current sums, NaN when TA-Lib would skip it (STR or DI sum ~0). */
  #currentDx(): number {
    if (isZero(this.#tr)) return NaN;
    const minusDi = 100.0 * (this.#minusDm / this.#tr);
    const plusDi = 100.0 * (this.#plusDm / this.#tr);
    const sum = minusDi + plusDi;
    return isZero(sum) ? NaN : 100.0 * (Math.abs(minusDi - plusDi) / sum);
  }

  /** Advances the ADX state for bar t (t ≥ 1) and returns the ADX (NaN before 2n−1). */
  #trackAdx(t: number): number {
    const n = this.#n;
    if (t < n) return NaN;
    const dx = this.#currentDx();
    if (t < 2 * n - 1) {
      if (dx === dx) this.#sumDx += dx;
      return NaN;
    }
    if (t === 2 * n - 1) {
      if (dx === dx) this.#sumDx += dx;
      this.#adx = this.#sumDx / n;
    } else if (dx === dx) {
      this.#adx = (this.#adx * (n - 1) + dx) / n;
    }
    this.#adxHistory.push(this.#adx);
    return this.#adx;
  }

  protected clear(): void {
    this.#adxHistory.reset();
    this.#bars = 0;
    this.#plusDm = 0;
    this.#minusDm = 0;
    this.#tr = 0;
    this.#dx = 0;
    this.#sumDx = 0;
    this.#adx = 0;
  }
}

function directionalDef(kind: Kind, title: string, inputs: string): IndicatorDef {
  return {
    name: kind,
    title,
    inputs,
    params: [periodParam(14, 2)],
    outputs: ["value"],
    create: (id, [n]) => new Directional(id, n!, kind),
  };
}

export const plusDmDef = directionalDef("plus_dm", "Plus Directional Movement (Wilder sum)", "high, low");
export const minusDmDef = directionalDef("minus_dm", "Minus Directional Movement (Wilder sum)", "high, low");
export const plusDiDef = directionalDef("plus_di", "Plus Directional Indicator", "high, low, close");
export const minusDiDef = directionalDef("minus_di", "Minus Directional Indicator", "high, low, close");
export const dxDef = directionalDef("dx", "Directional Movement Index", "high, low, close");
export const adxDef = directionalDef("adx", "Average Directional Movement Index", "high, low, close");
export const adxrDef = directionalDef("adxr", "Average Directional Movement Index Rating", "high, low, close");
