import type { Bar } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { RegisteredStrategy } from "../configure.ts";
import type { ConfiguredStrategy, ParamInfo, PredictionListener, Strategy, StrategyContext } from "../types.ts";

/** Scores one symbol bar by bar: the probability that the model's label is 1, NaN when unknown. */
export interface ProbabilityScorer {
  /** `market`: the market index's bar of the same time, for models with cross-asset features. */
  score(bar: Bar, market?: Bar): number;
}

/**
 * A trained model as the strategy sees it (built by the app: streaming features for `run`,
 * predictions computed once in batch for backtests). `scorer` returns the reason as a string
 * when the model's features cannot be computed for the symbol.
 */
export interface ProbabilitySource {
  readonly modelId: string;
  /** The market index a model with cross-asset features reads; it must be one of the run's symbols. */
  readonly marketSymbol?: string;
  scorer(symbol: string): ProbabilityScorer | string;
}

export type MlParams = { readonly entry: number; readonly exit: number; readonly model: string };

const ENTRY = { name: "entry", description: "ml: enter long when the model's probability is at least this (short at 1 - entry)", type: "number", default: 0.55, min: 0, max: 1 } as const satisfies ParamInfo;
const EXIT = { name: "exit", description: "ml: leave a long when the probability falls below this (a short above 1 - exit)", type: "number", default: 0.5, min: 0, max: 1 } as const satisfies ParamInfo;

function probParam(raw: Readonly<Record<string, unknown>>, spec: typeof ENTRY | typeof EXIT): number {
  const value = raw[spec.name];
  if (value === undefined || value === null || value === "") return spec.default;
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!(n > 0 && n < 1)) throw new UserError(`strategy ml: --${spec.name} must be a probability between 0 and 1, got '${String(value)}'`);
  return n;
}

export function isProbabilitySource(v: unknown): v is ProbabilitySource {
  return typeof v === "object" && v !== null && typeof (v as ProbabilitySource).scorer === "function" && typeof (v as ProbabilitySource).modelId === "string";
}

/**
 * Long when the probability reaches `entry`, flat again when it drops below `exit`
 * (long-short: short at 1 - entry, covered above 1 - exit). Market orders: the decision at a
 * bar's close fills at the next bar's open. No signal while the features warm up.
 */
class MlStrategy implements Strategy {
  readonly #source: ProbabilitySource;
  readonly #symbol: string;
  readonly #p: MlParams;
  readonly #listeners: readonly PredictionListener[];
  #scorer: ProbabilityScorer | undefined;

  constructor(source: ProbabilitySource, symbol: string, p: MlParams, listeners: readonly PredictionListener[]) {
    this.#source = source;
    this.#symbol = symbol;
    this.#p = p;
    this.#listeners = listeners;
  }

  // Resolved at the first bar, so that creating the strategy (also as a probe) costs nothing;
  // the app refuses symbols the model cannot score before the run starts (mlRefusals).
  #scorerOf(): ProbabilityScorer {
    if (this.#scorer) return this.#scorer;
    const s = this.#source.scorer(this.#symbol);
    if (typeof s === "string") throw new UserError(`strategy ml: model ${this.#source.modelId} cannot trade ${this.#symbol}: ${s}`);
    return (this.#scorer = s);
  }

  onBar(ctx: StrategyContext): void {
    const index = this.#source.marketSymbol;
    const market = index !== undefined ? ctx.market.bar(index) : undefined;
    // Only the index's bar of this same time counts (in live it may not have arrived yet).
    const p = this.#scorerOf().score(ctx.bar, market && market.time === ctx.bar.time ? market : undefined);
    if (p !== p) return;
    for (let i = 0; i < this.#listeners.length; i++) this.#listeners[i]!(ctx.symbol, ctx.bar.time, ctx.bar.close, p);
    const held = ctx.position();
    const { entry, exit } = this.#p;
    const shorting = ctx.direction === "long-short";
    if (held > 0 && p < exit) ctx.submit({ symbol: ctx.symbol, side: "sell", qty: held, type: "market", tif: "day" });
    else if (held < 0 && p > 1 - exit) ctx.submit({ symbol: ctx.symbol, side: "buy", qty: -held, type: "market", tif: "day" });
    else if (held === 0 && p >= entry) {
      const qty = ctx.entryQty();
      if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" });
    } else if (held === 0 && shorting && p <= 1 - entry) {
      const qty = ctx.entryQty();
      if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "sell", qty, type: "market", tif: "day" });
    }
  }
}

/** `raw.model` must be a ProbabilitySource the app built from the registry; entry/exit are numbers. */
export function configureMl(raw: Readonly<Record<string, unknown>>): ConfiguredStrategy {
  const entry = probParam(raw, ENTRY), exit = probParam(raw, EXIT);
  if (exit > entry) throw new UserError(`strategy ml: --exit (${exit}) must not be above --entry (${entry})`);
  const source = raw["model"];
  if (!isProbabilitySource(source)) {
    throw new UserError("strategy ml needs a trained model: --model ID (see robotrader models list), or promote one with robotrader models promote ID");
  }
  const params = { entry, exit, model: source.modelId };
  const listeners: PredictionListener[] = [];
  return {
    name: "ml",
    params,
    predictions: {
      modelId: source.modelId,
      watch(listener) {
        listeners.push(listener);
        return () => {
          const at = listeners.indexOf(listener);
          if (at >= 0) listeners.splice(at, 1);
        };
      },
    },
    create: (setup) => {
      const index = source.marketSymbol;
      if (index !== undefined && !setup.universe.includes(index)) {
        throw new UserError(`strategy ml: model ${source.modelId} has cross-asset features against ${index}: add ${index} to the symbols traded (it is read bar by bar from the market view)`);
      }
      return new MlStrategy(source, setup.symbol, params, listeners);
    },
  };
}

/** Symbols the model cannot score, each with the reason: checked before a run starts. */
export function mlRefusals(source: ProbabilitySource, symbols: readonly string[]): string[] {
  return symbols.flatMap((symbol) => {
    const s = source.scorer(symbol);
    return typeof s === "string" ? [`model ${source.modelId} cannot trade ${symbol}: ${s}`] : [];
  });
}

/** The built-in `ml` strategy; the app puts the model (a ProbabilitySource) into raw.model. */
export const ML_STRATEGY: RegisteredStrategy = {
  name: "ml",
  description: "A trained model (robotrader train): long when its probability reaches --entry, out below --exit; --model ID or the promoted model",
  kind: "symbol",
  params: [ENTRY, EXIT],
  configure: configureMl,
};
