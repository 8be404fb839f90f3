// The types a strategy author sees: what `import { defineStrategy, v } from "robotrader"` gives.
// Self-contained on purpose (valibot is its only import): `robotrader strategy types` writes this
// file's text out as robotrader.d.ts for editors, so it may not reach into the rest of src/.
import type * as v from "valibot";

/** One closed bar. `time` is the bar's start, UTC epoch milliseconds. */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type Side = "buy" | "sell";
/** market fills at the next bar's open; limit at its price or better; stop once traded through. */
export type OrderType = "market" | "limit" | "stop";
/** day: one bar's day to fill, then cancelled; gtc: until filled or cancelled; ioc: the next open or never. */
export type TimeInForce = "day" | "gtc" | "ioc";

export interface OrderRequest {
  readonly symbol: string;
  readonly side: Side;
  /** Whole shares, > 0. */
  readonly qty: number;
  readonly type: OrderType;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly tif: TimeInForce;
}

/** An order the engine accepted: the request plus its deterministic key. */
export interface OrderIntent extends OrderRequest {
  readonly key: string;
  readonly strategy: string;
  /** Start time of the bar whose close produced the order. */
  readonly signalTime: number;
}

/** An execution of one of this strategy's orders. */
export interface Fill {
  readonly orderKey: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  /** Exact decimal; `price.toNumber()` for arithmetic. */
  readonly price: { toNumber(): number };
  readonly time: number;
}

/** A streaming indicator the engine updates before the strategy sees the bar. NaN while warming up. */
export interface Indicator {
  /** Canonical id, e.g. "bbands_20_2_2". */
  readonly id: string;
  /** Output names: ["value"], or e.g. ["upper", "middle", "lower"]. */
  readonly outputs: readonly string[];
  /** Bars needed before the first value. */
  readonly lookback: number;
  /** Output k (default 0) as of the latest bar. */
  value(k?: number): number;
}

/** The account as the strategy may read it. */
export interface PortfolioView {
  /** Cash plus positions at their last price. */
  equity(): number;
  /** Signed shares held in `symbol`. */
  qty(symbol: string): number;
}

/**
 * Every symbol of the universe as of the current time step, never later: a symbol's entry is
 * its latest closed bar with that bar's own time (in live, a symbol may not have reported the
 * current step yet; compare `bar.time`).
 */
export interface MarketView {
  readonly symbols: readonly string[];
  /** The latest closed bar of `symbol`, or undefined before its first bar or outside the universe. */
  bar(symbol: string): Bar | undefined;
  /**
   * The rules regime (trend against the 200-bar SMA x realized-volatility band, docs/regime.md)
   * known at `symbol`'s latest close, or without a symbol the market index's; a part is
   * undefined while it warms up, the whole undefined when there is no data for it.
   */
  regime(symbol?: string): RegimeView | undefined;
}

/** A regime as strategies see it. */
export interface RegimeView {
  readonly trend: "bull" | "bear" | "sideways" | undefined;
  readonly vol: "low-vol" | "normal-vol" | "high-vol" | undefined;
}

export type Direction = "long-only" | "long-short";

/**
 * What \`submit\` returns: the order went to the broker under \`key\`, or a pre-trade check
 * (a [risk] rule, the kill switch, market hours...) refused it, saying which and why.
 */
export type SubmitResult =
  | { readonly kind: "accepted"; readonly key: string }
  | { readonly kind: "refused"; readonly rule: string; readonly reason: string; readonly limit?: number | string; readonly actual?: number | string };

/** What a per-symbol strategy sees while it handles one closed bar of its symbol. */
export interface StrategyContext {
  readonly symbol: string;
  /** The bar just closed. Only valid during the call: copy numbers, not the object. */
  readonly bar: Bar;
  readonly portfolio: PortfolioView;
  readonly market: MarketView;
  readonly direction: Direction;
  /** Signed shares held in this symbol. */
  position(): number;
  /** Shares the configured sizing gives a new position here, at this bar's close. */
  entryQty(): number;
  /** Asks for an order of this symbol: accepted under its key, or refused by a pre-trade check (rule and reason). */
  submit(order: OrderRequest): SubmitResult;
  cancel(key: string): void;
  /** Orders of this symbol not yet filled, cancelled or rejected. */
  openOrders(): readonly OrderIntent[];
}

/** One instance per symbol: the engine calls `onBar` on each closed bar of that symbol. */
export interface SymbolStrategy {
  onBar(ctx: StrategyContext): void;
  onFill?(fill: Fill, ctx: StrategyContext): void;
}

export interface SymbolSetup {
  readonly symbol: string;
  readonly direction: Direction;
  /** An indicator by id ("rsi_14") of `symbol` (default: this strategy's own symbol). */
  indicator(id: string, symbol?: string): Indicator;
  /** Every symbol of the run. */
  readonly universe: readonly string[];
}

/** What a portfolio strategy sees at the close of each time step (every symbol's bar delivered). */
export interface PortfolioContext {
  /** The step's bar time. */
  readonly time: number;
  readonly market: MarketView;
  readonly portfolio: PortfolioView;
  readonly direction: Direction;
  position(symbol: string): number;
  /** Shares the configured sizing gives a new position in `symbol` at its latest close. */
  entryQty(symbol: string): number;
  /** As StrategyContext.submit. */
  submit(order: OrderRequest): SubmitResult;
  cancel(key: string): void;
  /** Open orders of `symbol`, or of every symbol. */
  openOrders(symbol?: string): readonly OrderIntent[];
}

/** One instance over the whole universe: the engine calls `onStep` once per time step. */
export interface PortfolioStrategy {
  onStep(ctx: PortfolioContext): void;
  onFill?(fill: Fill, ctx: PortfolioContext): void;
}

export interface PortfolioSetup {
  readonly symbols: readonly string[];
  readonly direction: Direction;
  /** An indicator by id of one symbol of the universe. */
  indicator(id: string, symbol: string): Indicator;
}

/** Parameters: a valibot object schema (optionally piped through checks), e.g. v.object({ period: v.optional(v.number(), 14) }). */
export type ParamsSchema = v.GenericSchema<Record<string, unknown>, Record<string, unknown>>;

interface DefinitionBase<S extends ParamsSchema> {
  /** Lower-case words joined by "-", e.g. "my-rsi"; also names the strategy's orders. */
  readonly name: string;
  readonly description: string;
  readonly params: S;
}

export interface SymbolStrategyDefinition<S extends ParamsSchema = ParamsSchema> extends DefinitionBase<S> {
  readonly kind?: "symbol";
  create(params: v.InferOutput<S>, setup: SymbolSetup): SymbolStrategy;
}

export interface PortfolioStrategyDefinition<S extends ParamsSchema = ParamsSchema> extends DefinitionBase<S> {
  readonly kind: "portfolio";
  create(params: v.InferOutput<S>, setup: PortfolioSetup): PortfolioStrategy;
}

export type StrategyDefinition<S extends ParamsSchema = ParamsSchema> = SymbolStrategyDefinition<S> | PortfolioStrategyDefinition<S>;
