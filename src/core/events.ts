import type { Fill } from "./fill.ts";
import type { Money } from "./money.ts";
import type { OrderState } from "./order.ts";

/** A change in an order's life, as a broker (simulated or IB) reports it. */
export interface OrderUpdate {
  readonly kind: "order";
  /** The intent key (IB orderRef). */
  readonly key: string;
  readonly state: OrderState;
  readonly filledQty: number;
  readonly remainingQty: number;
  /** UTC epoch ms of the market event that caused it (bar time in a backtest). */
  readonly time: number;
  /** Why it was rejected, cancelled or reduced, in words. */
  readonly reason?: string;
}

export interface FillEvent {
  readonly kind: "fill";
  readonly fill: Fill;
  /** price x qty when the broker already computed it (saves a decimal multiplication). */
  readonly value?: Money;
}

export type BrokerEvent = OrderUpdate | FillEvent;

/** A pre-trade check said no. Plain data, stored and logged as is. */
export interface Refusal {
  readonly kind: "refused";
  readonly rule: string;
  /** In words, for logs and the order trail. */
  readonly reason: string;
  /** Numbers for counts and percents, decimal strings for money, words for states (as core/risk). */
  readonly limit?: number | string;
  readonly actual?: number | string;
}
