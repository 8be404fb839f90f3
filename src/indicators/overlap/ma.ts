import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef, type ParamDef } from "../_def.ts";
import { DemaCore } from "./dema.ts";
import { EmaCore } from "./ema.ts";
import { KamaCore } from "./kama.ts";
import { SmaCore } from "./sma.ts";
import { T3Core } from "./t3.ts";
import { TemaCore } from "./tema.ts";
import { TrimaCore } from "./trima.ts";
import { WmaCore } from "./wma.ts";

/** TA-Lib MA types: 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA, 8 T3 (7 MAMA is not built). */
export const MA_TYPES = [0, 1, 2, 3, 4, 5, 6, 8] as const;

export function maTypeParam(name = "matype"): ParamDef {
  return { name, default: 0, min: 0, max: 8, integer: true, allowed: MA_TYPES, optional: true };
}

class Identity implements Scalar {
  readonly lookback = 0;
  push(x: number): number {
    return x;
  }
  reset(): void {}
}

/** TA_MA: the moving average of `type`; period 1 passes values through, as TA-Lib does. */
export function maCore(period: number, type: number): Scalar {
  if (period === 1) return new Identity();
  switch (type) {
    case 0: return new SmaCore(period);
    case 1: return new EmaCore(period);
    case 2: return new WmaCore(period);
    case 3: return new DemaCore(period);
    case 4: return new TemaCore(period);
    case 5: return new TrimaCore(period);
    case 6: return new KamaCore(period);
    case 8: return new T3Core(period, 0.7);
    default: throw new RangeError(`MA type ${type} is not supported (use 0-6 or 8; 7 MAMA is not built)`);
  }
}

/**
 * Feeds a Scalar only from input number `skip` on. TA-Lib computes the shorter MA of a pair
 * (MACD, APO, PPO) from the start index of the longer one, so its seed window starts later.
 */
export class Delayed implements Scalar {
  readonly lookback: number;
  readonly #core: Scalar;
  readonly #skip: number;
  #seen = 0;

  constructor(core: Scalar, skip: number) {
    this.#core = core;
    this.#skip = skip;
    this.lookback = core.lookback + skip;
  }

  push(x: number): number {
    if (this.#seen < this.#skip) {
      this.#seen++;
      return NaN;
    }
    return this.#core.push(x);
  }

  reset(): void {
    this.#seen = 0;
    this.#core.reset();
  }
}

export const maDef: IndicatorDef = {
  name: "ma",
  title: "Moving Average of a TA-Lib MA type",
  params: [periodParam(30, 1), maTypeParam()],
  outputs: ["value"],
  create: (id, [n, t]) => new ScalarIndicator(id, maCore(n!, t!)),
};
