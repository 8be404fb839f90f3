import type { BarInput } from "../types.ts";
import { IndicatorBase, ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, realParam, type IndicatorDef } from "../_def.ts";
import { Ring } from "../_ring.ts";
import { RollingMoments } from "../_rolling-moments.ts";

/** Log return over n bars: ln(x / x[n]). Lookback n. */
export class LogReturnCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #past: Ring;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period;
    this.#past = new Ring(period);
  }

  push(x: number): number {
    const past = this.#past;
    const v = past.count >= this.#n ? Math.log(x / past.get(this.#n - 1)) : NaN;
    past.push(x);
    return v;
  }

  reset(): void {
    this.#past.reset();
  }
}

/**
 * Realized volatility: sample standard deviation of the last n one-bar log returns, times
 * sqrt(periodsPerYear) (252 for daily bars; 1 leaves it per bar). Lookback n.
 */
export class RealizedVolCore implements Scalar {
  readonly lookback: number;
  readonly #returns = new LogReturnCore(1);
  readonly #moments: RollingMoments;
  readonly #scale: number;

  constructor(period: number, periodsPerYear: number) {
    this.lookback = period;
    this.#moments = new RollingMoments(period);
    this.#scale = Math.sqrt(periodsPerYear);
  }

  push(x: number): number {
    const r = this.#returns.push(x);
    if (r !== r) return NaN;
    this.#moments.push(r);
    return this.#moments.full ? Math.sqrt(this.#moments.variance()) * this.#scale : NaN;
  }

  reset(): void {
    this.#returns.reset();
    this.#moments.reset();
  }
}

/** Opening gap: open / previous close − 1 (a fraction; 0.01 = gapped up 1%). Lookback 1. */
export class Gap extends IndicatorBase {
  #prevClose = NaN;

  constructor(id: string) {
    super(id, ["value"], 1);
  }

  update(bar: BarInput): number {
    const prev = this.#prevClose;
    this.#prevClose = bar.close;
    const v = prev === prev ? bar.open / prev - 1 : NaN;
    this.out[0] = v;
    return v;
  }

  protected clear(): void {
    this.#prevClose = NaN;
  }
}

export const logretDef: IndicatorDef = {
  name: "logret",
  title: "Log return over n bars, ln(c/c[n])",
  params: [periodParam(1, 1)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new LogReturnCore(n!)),
};

export const rvolDef: IndicatorDef = {
  name: "rvol",
  title: "Realized volatility: sample stdev of n log returns × sqrt(periods per year)",
  params: [periodParam(20, 2), realParam("periods_per_year", 252, 1, 1e9)],
  outputs: ["value"],
  create: (id, [n, p]) => new ScalarIndicator(id, new RealizedVolCore(n!, p!)),
};

export const gapDef: IndicatorDef = {
  name: "gap",
  title: "Opening gap, open/prevClose − 1",
  inputs: "open, close",
  params: [],
  outputs: ["value"],
  create: (id) => new Gap(id),
};
