import type { Bar, BarArrays } from "../core/bar.ts";
import type { BrokerEvent, OrderUpdate, Refusal } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";

/** Where a market data source delivers bars. `slot` indexes the source's `symbols`. */
export interface MarketDataSink {
  /** One closed bar. The object may be reused for the next call: read it, do not keep it. */
  bar(slot: number, bar: Bar): void;
  /** Every symbol that has a bar at `time` has been delivered (the close of a time step). */
  timeEnd(time: number): void;
  /** Optional: bars [from, to) of `slot`'s columns are delivered next, in order (PipelineSink.ahead). */
  ahead?(slot: number, bars: BarArrays, from: number, to: number): void;
}

/**
 * Bars in time order per symbol, merged across symbols by time: a replay of stored bars
 * (HistoricalFeed) or live subscriptions (IB). A live source makes no symbol wait for
 * another, so a lagging symbol's bar may come after its time step ended (still in its own
 * time order). See market-data-contract.ts.
 */
export interface MarketData {
  readonly symbols: readonly string[];
  /** Delivers bars until the data ends (replay) or `stop` is called (live). */
  run(sink: MarketDataSink): void | Promise<void>;
  stop?(): void;
}

export type BrokerListener = (event: BrokerEvent) => void;

/**
 * Takes order intents and reports what happens to them: order updates (acknowledged,
 * filled, cancelled, rejected...) and fills, each carrying the intent key. A second
 * submit of a key it already knows is ignored (never a second order). See broker-contract.ts.
 */
export interface Broker {
  submit(intent: OrderIntent): void;
  cancel(key: string): void;
  subscribe(listener: BrokerListener): () => void;
}

/** A broker that fills from market bars itself (SimulatedBroker: backtest and paper). */
export interface BarFillingBroker extends Broker {
  /** Matches open orders of `symbol` against a newly arrived bar. Called before strategies see it. */
  onBar(symbol: string, bar: Bar): void;
}

export function fillsFromBars(broker: Broker): broker is BarFillingBroker {
  return typeof (broker as Partial<BarFillingBroker>).onBar === "function";
}

/** Where the engine writes its order trail. Called BEFORE the broker sees an intent. */
export interface Store {
  recordIntent(intent: OrderIntent): void;
  recordOrderUpdate(update: OrderUpdate): void;
  recordFill(fill: Fill): void;
  recordRefusal(intent: OrderIntent, refusal: Refusal): void;
}

/**
 * A pre-trade check between strategy and broker (risk rules, kill switch, market hours).
 * Returns a refusal or undefined to let the order through. Checks run in order; the first
 * refusal wins and the intent never reaches the broker.
 */
export interface PreTradeCheck {
  readonly name: string;
  check(intent: OrderIntent, portfolio: PortfolioView): Refusal | undefined;
}
