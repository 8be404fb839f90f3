import type { Bar } from "../core/bar.ts";
import type { BrokerEvent, Refusal } from "../core/events.ts";
import type { OrderIntent } from "../core/order.ts";

/**
 * What a run's engine consumed, one entry per input in arrival order, and the order intents
 * it made (outputs, kept in the same stream so a replay can compare them in place):
 * - `bar`: a bar that passed data validation and reached the engine (`history`: backfill,
 *   which only warms strategies up; protective exits run on live bars only);
 * - `event`: an order update or fill the engine received from its broker. `nested`: it
 *   arrived while the engine was handling a bar (a broker call made it: a paper fill on the
 *   next bar's open, an acknowledgement of a submit), else between bars (IB's socket);
 * - `intent`: an order the engine sent to its broker;
 * - `refusal`: an order a pre-trade check refused, with the refusal (an input: rules that
 *   read the wall clock, the kill switch or the connection are not re-run by a replay);
 * - `data`: a bar of a symbol followed as data only (the market index of a market regime
 *   filter the run does not trade): it feeds the market context, never the engine's slots,
 *   and is never traded.
 */
export type RunInput =
  | { readonly kind: "bar"; readonly slot: number; readonly bar: Bar; readonly history: boolean }
  | { readonly kind: "event"; readonly event: BrokerEvent; readonly nested: boolean }
  | { readonly kind: "intent"; readonly intent: OrderIntent }
  | { readonly kind: "refusal"; readonly intent: OrderIntent; readonly refusal: Refusal }
  | { readonly kind: "data"; readonly symbol: string; readonly bar: Bar };

/** Where a run's inputs go as they happen (app/runner's RunRecorder batches them into SQLite). */
export interface RunInputSink {
  /** A bar reached the engine; everything until `barDone` happened while handling it. */
  bar(slot: number, bar: Bar, history: boolean): void;
  barDone(): void;
  event(event: BrokerEvent): void;
  intent(intent: OrderIntent): void;
  refusal(intent: OrderIntent, refusal: Refusal): void;
  /** A bar of a symbol followed as data only reached the market context. */
  data(symbol: string, bar: Bar): void;
}
