import type { Bar, BarArrays } from "../core/bar.ts";
import type { DataRejection, DataValidator } from "../core/data-validation/index.ts";
import type { SubmitResult } from "../strategy/types.ts";
import type { Engine } from "./engine.ts";
import { exitParts, type ExitSignal, type ExitWatch } from "./exit-watch.ts";
import type { LastPrices } from "./last-prices.ts";
import type { MarketDataSink } from "./ports.ts";
import type { RiskGate } from "./risk-gate.ts";

/** What the pipeline tells its driver; every hook is optional and none may throw. */
export interface PipelineHooks {
  /** A bar the validator rejected: it never reached a strategy. */
  readonly onRejected?: (symbol: string, bar: Bar, check: DataRejection, history: boolean) => void;
  /** A validated bar is about to reach the engine; everything until `onBarDone` happens while handling it. */
  readonly onBarIn?: (slot: number, bar: Bar, history: boolean) => void;
  /** The bar's handling (engine, exits) is over. */
  readonly onBarDone?: () => void;
  /** A bar the strategy saw (history bars included), after the engine handled it. */
  readonly onBar?: (slot: number, bar: Bar, history: boolean) => void;
  /** A protective exit fired on `bar` and was submitted: accepted (key) or refused (rule, reason). */
  readonly onExit?: (symbol: string, bar: Bar, exit: ExitSignal, result: SubmitResult) => void;
  /** A time step with at least one tradable (not history) bar has closed. */
  readonly onStepClosed?: (time: number) => void;
}

export interface PipelineSinkOptions {
  readonly engine: Engine;
  readonly symbols: readonly string[];
  /** Absent: `--no-validate`. */
  readonly validator?: DataValidator | undefined;
  /** Absent: `--no-risk`. */
  readonly gate?: RiskGate | undefined;
  /** Absent: no protective exit is on. */
  readonly exits?: ExitWatch | undefined;
  /** Several strategies in one account: who holds a symbol, so an exit closes each one's shares under its name. */
  readonly holders?: ((symbol: string) => readonly { readonly strategy: string; readonly qty: number }[]) | undefined;
  /** Last accepted close per symbol; the risk rules read it. */
  readonly prices: LastPrices;
  /**
   * History bars only warm strategies up: live backfill, or a backtest's bars before its range.
   * They are validated without an age check, and no exit is decided on them.
   */
  readonly isHistory: (slot: number, bar: Bar) => boolean;
  /** The market time a tradable bar's age is judged at; absent: age is not judged (backtest). */
  readonly ageAt?: ((barTime: number) => number) | undefined;
  readonly hooks?: PipelineHooks;
}

/**
 * The one path every bar takes, in backtest and live alike: the data validator (a rejected bar
 * is counted and never reaches a strategy; a live one is a circuit-breaker failure), the last
 * price for the risk rules, the engine (broker matching, indicators, strategy, risk gate), then
 * the protective exits. At the close of each time step the gate watches the day's loss.
 */
export class PipelineSink implements MarketDataSink {
  readonly #o: PipelineSinkOptions;
  readonly #hooks: PipelineHooks;
  #tradableInStep = false;
  /** The next bars bar() gets that the validator has accepted already (ahead). */
  #accepted = 0;

  constructor(options: PipelineSinkOptions) {
    this.#o = options;
    this.#hooks = options.hooks ?? {};
  }

  /**
   * A feed of one symbol's columns tells the bars it is about to deliver, [from, to) in order:
   * the validator's common case is judged over them in one loop (DataValidator.acceptRun), and
   * bar() skips the validator for the bars it accepted, and the engine's latest bars follow the
   * columns over them (Engine.follow). Only when no age is judged (a backtest).
   */
  ahead(slot: number, bars: BarArrays, from: number, to: number): void {
    const o = this.#o;
    if (o.ageAt !== undefined) return;
    // The bars accepted ahead (all of them without a validator) each reach the engine, in order.
    const accepted = o.validator !== undefined ? (this.#accepted = o.validator.acceptRun(o.symbols[slot]!, bars, from, to)) : to - from;
    if (accepted > 0) o.engine.follow(slot, bars, from, from + accepted);
  }

  bar(slot: number, bar: Bar): void {
    const o = this.#o;
    const symbol = o.symbols[slot]!;
    const history = o.isHistory(slot, bar);
    if (this.#accepted > 0) this.#accepted--;
    else if (o.validator !== undefined) {
      const check = o.validator.checkBar(symbol, bar, history || o.ageAt === undefined ? undefined : o.ageAt(bar.time));
      if (check.kind === "rejected") return this.#rejected(symbol, bar, check, history);
    }
    if (o.gate !== undefined) o.prices.set(slot, bar.close);
    const hooks = this.#hooks;
    hooks.onBarIn?.(slot, bar, history);
    o.engine.bar(slot, bar);
    hooks.onBar?.(slot, bar, history);
    if (!history) {
      this.#tradableInStep = true;
      o.gate?.recordSuccess();
      if (o.exits !== undefined) this.#protect(slot, symbol, bar, o.exits);
    }
    hooks.onBarDone?.();
  }

  #rejected(symbol: string, bar: Bar, check: DataRejection, history: boolean): void {
    this.#hooks.onRejected?.(symbol, bar, check, history);
    if (!history) this.#o.gate?.recordFailure(`data ${check.reason} on ${symbol}`);
  }

  timeEnd(time: number): void {
    const o = this.#o;
    const equity = o.engine.closeStep(time);
    if (o.gate !== undefined) o.gate.observe(equity, this.#tradableInStep);
    if (this.#tradableInStep) this.#stepClosed(time);
  }

  #stepClosed(time: number): void {
    this.#tradableInStep = false;
    this.#hooks.onStepClosed?.(time);
  }

  #protect(slot: number, symbol: string, bar: Bar, exits: ExitWatch): void {
    const exit = exits.check(slot, bar.close);
    if (exit !== undefined) this.#exit(slot, symbol, bar, exit);
  }

  /** An exit fired (rare): apart from #protect, which runs every bar, so it is compiled without this. */
  #exit(slot: number, symbol: string, bar: Bar, exit: ExitSignal): void {
    const engine = this.#o.engine;
    // An order on the closing side is already working (the strategy's own exit, or an earlier one).
    for (const o of engine.openOrdersAt(slot)) if (o.side === exit.request.side) return;
    if (this.#o.holders === undefined) {
      // Submitted first: `onExit?.(…, submitFrom(…))` would skip the submit when no hook listens (replay).
      const result = engine.submitFrom(slot, exit.request, bar.time);
      this.#hooks.onExit?.(symbol, bar, exit, result);
      return;
    }
    for (const part of exitParts(exit.request, this.#o.holders(symbol))) {
      const result = part.strategy === undefined ? engine.submitFrom(slot, part.request, bar.time) : engine.submitFrom(slot, part.request, bar.time, part.strategy);
      this.#hooks.onExit?.(symbol, bar, { ...exit, request: part.request }, result);
    }
  }
}
