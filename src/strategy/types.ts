import type { Bar } from "../core/bar.ts";
import type { Refusal } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { StreamingIndicator } from "../indicators/types.ts";

export type Direction = "long-only" | "long-short";

/**
 * What a strategy sees for one symbol while it handles a bar. It has no clock, disk or
 * network: time is `bar.time`, and orders are requests the engine turns into intents.
 */
export interface StrategyContext {
  readonly symbol: string;
  /** The bar just closed. Only valid during the call: copy numbers, not the object. */
  readonly bar: Bar;
  readonly portfolio: PortfolioView;
  readonly direction: Direction;
  /** Signed shares held in this symbol. */
  position(): number;
  /** Shares the configured sizing gives a new position here, at this bar's close. */
  entryQty(): number;
  /** Asks for an order: accepted with its intent key, or refused by a pre-trade check (the rule and why). */
  submit(order: OrderRequest): SubmitResult;
  cancel(key: string): void;
  /** Orders of this symbol not yet filled, cancelled or rejected. */
  openOrders(): readonly OrderIntent[];
}

/** What `submit` returns: the order went to the broker under `key`, or a pre-trade check refused it. */
export type SubmitResult = { readonly kind: "accepted"; readonly key: string } | Refusal;

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
  /**
   * An indicator by canonical id ("sma_10"). The engine feeds it every bar before onBar,
   * so the strategy only reads `value()`.
   */
  indicator(id: string): StreamingIndicator;
}

export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  readonly default: number;
}

export type StrategyParams = Readonly<Record<string, number>>;

/** A strategy registered by name. `parseParams` throws UserError naming the bad parameter. */
export interface StrategyDefinition<P extends StrategyParams> {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  parseParams(raw: Readonly<Record<string, unknown>>): P;
  create(params: P, setup: StrategySetup): Strategy;
}

/** A strategy with its parameters checked: what the engine runs (one instance per symbol). */
export interface ConfiguredStrategy {
  readonly name: string;
  readonly params: StrategyParams;
  create(setup: StrategySetup): Strategy;
}
