import type { Bar } from "../core/bar.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { StreamingIndicator } from "../indicators/types.ts";
import type * as api from "./api/public-types.ts";
import type { StrategyCheck } from "./strategy-limits.ts";
import type { StrategyMember } from "./combine.ts";

export type Direction = api.Direction;
export type MarketView = api.MarketView;
export type SubmitResult = api.SubmitResult;

/**
 * What a strategy sees for one symbol while it handles a bar: the public context
 * (api/public-types.ts) with the engine's own types. It has no clock, disk or network: time
 * is `bar.time`, and orders are requests the engine turns into intents.
 */
export interface StrategyContext extends api.StrategyContext {
  readonly bar: Bar;
  readonly portfolio: PortfolioView;
  submit(order: OrderRequest): SubmitResult;
  /** For a combined strategy: submits on behalf of one member, whose name the intent and key carry. */
  submitAs?(strategy: string, order: OrderRequest): SubmitResult;
  openOrders(): readonly OrderIntent[];
}

/** One strategy instance trades one symbol; the engine makes one per symbol. */
export interface Strategy {
  /** Called after the bar's indicators are updated and earlier orders had their chance to fill. */
  onBar(ctx: StrategyContext): void;
  onFill?(fill: Fill, ctx: StrategyContext): void;
}

/** What a strategy gets when it is created: its symbol and a way to ask for indicators. */
export interface StrategySetup {
  readonly symbol: string;
  readonly direction: Direction;
  /** Every symbol of the run (indicators of any of them may be asked for). */
  readonly universe: readonly string[];
  /**
   * An indicator by canonical id ("sma_10") of `symbol` (default: the strategy's own). The
   * engine feeds it every bar of that symbol before strategies run, so they only read `value()`.
   */
  indicator(id: string, symbol?: string): StreamingIndicator;
}

export interface PortfolioContext extends api.PortfolioContext {
  readonly portfolio: PortfolioView;
  submit(order: OrderRequest): SubmitResult;
  openOrders(symbol?: string): readonly OrderIntent[];
}

/** One instance over every symbol: the engine calls `onStep` at the close of each time step. */
export interface PortfolioStrategy {
  onStep(ctx: PortfolioContext): void;
  onFill?(fill: Fill, ctx: PortfolioContext): void;
}

export interface PortfolioSetup {
  readonly symbols: readonly string[];
  readonly direction: Direction;
  indicator(id: string, symbol: string): StreamingIndicator;
}

/** One parameter as `strategy list`, the help text and flag parsing show it. */
export interface ParamInfo {
  readonly name: string;
  readonly description: string;
  /** "number", "integer", "boolean", "string" or "enum". */
  readonly type: "number" | "integer" | "boolean" | "string" | "enum";
  /** undefined when the parameter is required. */
  readonly default: unknown;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

export type StrategyParams = Readonly<Record<string, unknown>>;

/** A strategy with its parameters checked: what the engine runs. */
export interface ConfiguredStrategy {
  readonly name: string;
  readonly params: StrategyParams;
  /** A per-symbol instance (throws for a portfolio strategy). */
  create(setup: StrategySetup): Strategy;
  /** Set for a portfolio strategy: the engine makes one instance over all symbols. */
  readonly createPortfolio?: (setup: PortfolioSetup) => PortfolioStrategy;
  /** The plug-in file it was loaded from (absolute path); undefined for a built-in one. */
  readonly file?: string;
  /** Pre-trade checks the strategy brings (several strategies: each one's own limits); run before the account's. */
  readonly checks?: readonly StrategyCheck[];
  /** Set for several strategies combined into one (strategy/combine.ts): each with its symbols. */
  readonly members?: readonly StrategyMember[];
  /**
   * Set for several strategies combined into one: who holds `symbol` (signed shares each), so
   * a protective exit closes each holder's own position under its name.
   */
  readonly holders?: (symbol: string) => readonly { readonly strategy: string; readonly qty: number }[];
  /** Set for a model-driven strategy (ml): each prediction as it is made, for the app to record. */
  readonly predictions?: PredictionFeed;
}

/** A model's predictions bar by bar: `watch` is told each (symbol, bar time, close, probability); returns an unsubscribe. */
export interface PredictionFeed {
  readonly modelId: string;
  watch(listener: PredictionListener): () => void;
}

export type PredictionListener = (symbol: string, barTime: number, close: number, p: number) => void;
