import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

type Kind = "linearreg" | "linearreg_slope" | "linearreg_intercept" | "linearreg_angle" | "tsf";

/**
 * Least-squares line through the last n values (x = bars ago, as TA-Lib): slope m per bar
 * (positive in an uptrend), intercept b at the oldest bar; LINEARREG = b + m·(n−1) (today),
 * TSF = b + m·n (tomorrow), ANGLE = atan(m) in degrees. Σy and Σx·y are updated in O(1) and
 * recomputed exactly every n updates so rounding cannot drift.
 */
export class LinearRegCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #kind: Kind;
  readonly #window: Ring;
  readonly #sumX: number;
  readonly #divisor: number;
  #sumY = 0;
  #sumXY = 0;
  #sinceExact = 0;

  constructor(period: number, kind: Kind) {
    this.#n = period;
    this.#kind = kind;
    this.lookback = period - 1;
    this.#window = new Ring(period);
    this.#sumX = period * (period - 1) * 0.5;
    const sumXSqr = (period * (period - 1) * (2 * period - 1)) / 6;
    this.#divisor = this.#sumX * this.#sumX - period * sumXSqr;
  }

  push(x: number): number {
    const n = this.#n;
    const w = this.#window;
    const full = w.count >= n;
    const old = full ? w.get(n - 1) : 0;
    w.push(x);
    if (w.count < n) return NaN;
    if (!full || ++this.#sinceExact >= n) {
      this.#exact();
    } else {
      this.#sumXY += this.#sumY - n * old;
      this.#sumY += x - old;
    }
    const m = (n * this.#sumXY - this.#sumX * this.#sumY) / this.#divisor;
    switch (this.#kind) {
      case "linearreg_slope": return m;
      case "linearreg_angle": return Math.atan(m) * (180.0 / Math.PI);
      case "linearreg_intercept": return (this.#sumY - m * this.#sumX) / n;
      case "linearreg": return (this.#sumY - m * this.#sumX) / n + m * (n - 1);
      case "tsf": return (this.#sumY - m * this.#sumX) / n + m * n;
    }
  }

  /** TA-Lib's own loop: oldest value first, weight = bars ago. */
  #exact(): void {
    let sumY = 0;
    let sumXY = 0;
    for (let i = this.#n - 1; i >= 0; i--) {
      const y = this.#window.get(i);
      sumY += y;
      sumXY += i * y;
    }
    this.#sumY = sumY;
    this.#sumXY = sumXY;
    this.#sinceExact = 0;
  }

  reset(): void {
    this.#window.reset();
    this.#sumY = 0;
    this.#sumXY = 0;
    this.#sinceExact = 0;
  }
}

function linregDef(kind: Kind, title: string): IndicatorDef {
  return {
    name: kind,
    title,
    params: [periodParam(14, 2)],
    outputs: ["value"],
    create: (id, [n]) => new ScalarIndicator(id, new LinearRegCore(n!, kind)),
  };
}

export const linearregDef = linregDef("linearreg", "Linear Regression (value at the latest bar)");
export const linearregSlopeDef = linregDef("linearreg_slope", "Linear Regression Slope (per bar)");
export const linearregInterceptDef = linregDef("linearreg_intercept", "Linear Regression Intercept");
export const linearregAngleDef = linregDef("linearreg_angle", "Linear Regression Angle (degrees)");
export const tsfDef = linregDef("tsf", "Time Series Forecast (next bar)");
