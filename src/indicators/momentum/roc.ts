import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";

type Kind = "roc" | "rocp" | "rocr" | "rocr100" | "mom";

/** Change against the value n bars ago, in TA-Lib's five forms; lookback n. */
export class ChangeCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #kind: Kind;
  readonly #past: Ring;

  constructor(period: number, kind: Kind) {
    this.#n = period;
    this.#kind = kind;
    this.lookback = period;
    this.#past = new Ring(period);
  }

  push(x: number): number {
    const past = this.#past;
    let out = NaN;
    if (past.count >= this.#n) {
      const old = past.get(this.#n - 1);
      switch (this.#kind) {
        case "mom": out = x - old; break;
        case "roc": out = old !== 0.0 ? (x / old - 1.0) * 100.0 : 0.0; break;
        case "rocp": out = old !== 0.0 ? (x - old) / old : 0.0; break;
        case "rocr": out = old !== 0.0 ? x / old : 0.0; break;
        case "rocr100": out = old !== 0.0 ? (x / old) * 100.0 : 0.0; break;
      }
    }
    past.push(x);
    return out;
  }

  reset(): void {
    this.#past.reset();
  }
}

function changeDef(kind: Kind, title: string): IndicatorDef {
  return {
    name: kind,
    title,
    params: [periodParam(10, 1)],
    outputs: ["value"],
    create: (id, [n]) => new ScalarIndicator(id, new ChangeCore(n!, kind)),
  };
}

export const momDef = changeDef("mom", "Momentum: x − x[n]");
export const rocDef = changeDef("roc", "Rate of change: 100·(x/x[n] − 1)");
export const rocpDef = changeDef("rocp", "Rate of change percentage: (x − x[n])/x[n]");
export const rocrDef = changeDef("rocr", "Rate of change ratio: x/x[n]");
export const rocr100Def = changeDef("rocr100", "Rate of change ratio ×100: 100·x/x[n]");
