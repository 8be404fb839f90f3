import type { Fill } from "../core/fill.ts";
import { combineStrategies } from "./combine.ts";
import type { ConfiguredStrategy, PortfolioContext, PortfolioStrategy, Strategy, StrategyContext } from "./types.ts";

/** A strategy threw: which one, where in the data, and where in its code. */
export interface StrategyFailure {
  readonly strategy: string;
  /** The symbol whose bar it was handling; "*" for a portfolio strategy's time step. */
  readonly symbol: string;
  /** Bar (or time step) time; NaN when it threw while being created. */
  readonly time: number;
  readonly phase: "create" | "bar" | "fill";
  readonly error: unknown;
  readonly message: string;
  /** "path:line:column" of the throwing code in the strategy's own file, when found. */
  readonly where: string | undefined;
}

/**
 * The first stack frame in `file` (a plug-in) or else the first frame of all, as
 * "path:line:column". Bun's stacks say "at fn (/abs/my.ts:12:5)" or "at /abs/my.ts:12:5".
 */
export function locateError(error: unknown, file?: string): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const frames = [...stack.matchAll(/^\s*at (?:.*? \()?(.+?:\d+:\d+)\)?\s*$/gm)].map((m) => m[1]!);
  if (file !== undefined) return frames.find((f) => f.startsWith(`${file}:`));
  return frames[0];
}

function failure(c: ConfiguredStrategy, symbol: string, time: number, phase: StrategyFailure["phase"], error: unknown): StrategyFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { strategy: c.name, symbol, time, phase, error, message, where: locateError(error, c.file) };
}

/**
 * Wraps a strategy so an exception it throws is reported, never lost: `onFailure` is told, and
 * the instance that threw (one symbol, or the portfolio) makes no more decisions for the rest
 * of the session (no new entries; exits by the risk rules still run, they are not the strategy's).
 * `onFailure` may throw instead (backtest: stop with the strategy's file:line).
 */
export function guardStrategy(c: ConfiguredStrategy, onFailure: (f: StrategyFailure) => void): ConfiguredStrategy {
  // Combined strategies: each member is guarded on its own (one failing leaves the others trading).
  if (c.members !== undefined) return combineStrategies(c.members.map((m) => ({ ...m, strategy: guardStrategy(m.strategy, onFailure) })));
  const guarded: ConfiguredStrategy = {
    ...c,
    create(setup) {
      try {
        return new GuardedSymbol(c.create(setup), c, setup.symbol, onFailure);
      } catch (error) {
        onFailure(failure(c, setup.symbol, NaN, "create", error));
        return STOPPED;
      }
    },
  };
  const createPortfolio = c.createPortfolio;
  if (createPortfolio === undefined) return guarded;
  return {
    ...guarded,
    createPortfolio(setup) {
      try {
        return new GuardedPortfolio(createPortfolio(setup), c, onFailure);
      } catch (error) {
        onFailure(failure(c, "*", NaN, "create", error));
        return { onStep() {} };
      }
    },
  };
}

const STOPPED: Strategy = { onBar() {} };

class GuardedSymbol implements Strategy {
  #stopped = false;
  readonly #inner: Strategy;
  readonly #c: ConfiguredStrategy;
  readonly #symbol: string;
  readonly #onFailure: (f: StrategyFailure) => void;

  constructor(inner: Strategy, c: ConfiguredStrategy, symbol: string, onFailure: (f: StrategyFailure) => void) {
    this.#inner = inner;
    this.#c = c;
    this.#symbol = symbol;
    this.#onFailure = onFailure;
  }

  onBar(ctx: StrategyContext): void {
    if (this.#stopped) return;
    try {
      this.#inner.onBar(ctx);
    } catch (error) {
      this.#stopped = true;
      this.#onFailure(failure(this.#c, this.#symbol, ctx.bar.time, "bar", error));
    }
  }

  onFill(fill: Fill, ctx: StrategyContext): void {
    if (this.#stopped || this.#inner.onFill === undefined) return;
    try {
      this.#inner.onFill(fill, ctx);
    } catch (error) {
      this.#stopped = true;
      this.#onFailure(failure(this.#c, this.#symbol, fill.time, "fill", error));
    }
  }
}

class GuardedPortfolio implements PortfolioStrategy {
  #stopped = false;
  readonly #inner: PortfolioStrategy;
  readonly #c: ConfiguredStrategy;
  readonly #onFailure: (f: StrategyFailure) => void;

  constructor(inner: PortfolioStrategy, c: ConfiguredStrategy, onFailure: (f: StrategyFailure) => void) {
    this.#inner = inner;
    this.#c = c;
    this.#onFailure = onFailure;
  }

  onStep(ctx: PortfolioContext): void {
    if (this.#stopped) return;
    try {
      this.#inner.onStep(ctx);
    } catch (error) {
      this.#stopped = true;
      this.#onFailure(failure(this.#c, "*", ctx.time, "bar", error));
    }
  }

  onFill(fill: Fill, ctx: PortfolioContext): void {
    if (this.#stopped || this.#inner.onFill === undefined) return;
    try {
      this.#inner.onFill(fill, ctx);
    } catch (error) {
      this.#stopped = true;
      this.#onFailure(failure(this.#c, "*", fill.time, "fill", error));
    }
  }
}
