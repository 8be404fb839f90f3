import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { isZero } from "../_true-range.ts";
import { maCore, maTypeParam } from "../overlap/ma.ts";

/**
 * APO = MA(fast) − MA(slow); PPO = 100·(MA(fast) − MA(slow))/MA(slow) (0 when that is ~0).
 * Both MAs run from the first bar (unlike MACD, whose fast EMA TA-Lib seeds late).
 */
export class PriceOscillatorCore implements Scalar {
  readonly lookback: number;
  readonly #fast: Scalar;
  readonly #slow: Scalar;
  readonly #percent: boolean;

  constructor(fast: number, slow: number, matype: number, percent: boolean) {
    if (slow < fast) [fast, slow] = [slow, fast];
    const s = maCore(slow, matype);
    this.#slow = s;
    this.#fast = maCore(fast, matype);
    this.#percent = percent;
    this.lookback = s.lookback;
  }

  push(x: number): number {
    const f = this.#fast.push(x);
    const s = this.#slow.push(x);
    if (s !== s) return NaN;
    if (!this.#percent) return f - s;
    return isZero(s) ? 0.0 : ((f - s) / s) * 100.0;
  }

  reset(): void {
    this.#fast.reset();
    this.#slow.reset();
  }
}

const params = [periodParam(12, 2, "fast"), periodParam(26, 2, "slow"), maTypeParam()];

export const apoDef: IndicatorDef = {
  name: "apo",
  title: "Absolute Price Oscillator",
  params,
  outputs: ["value"],
  create: (id, [f, s, t]) => new ScalarIndicator(id, new PriceOscillatorCore(f!, s!, t!, false)),
};

export const ppoDef: IndicatorDef = {
  name: "ppo",
  title: "Percentage Price Oscillator",
  params,
  outputs: ["value"],
  create: (id, [f, s, t]) => new ScalarIndicator(id, new PriceOscillatorCore(f!, s!, t!, true)),
};
