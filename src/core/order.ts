export type Side = "buy" | "sell";
export type OrderType = "market" | "limit" | "stop";
export type TimeInForce = "day" | "gtc" | "ioc";

/** What a strategy asks for. It never reaches a broker directly: risk and execution decide. */
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

/**
 * An order as first written down, before anything is sent. `key` is deterministic
 * (strategy, symbol, side, signal bar time) and travels to IB as `orderRef`, so a restart
 * can ask the broker whether it already knows the order (DESIGN.md invariant 1).
 */
export interface OrderIntent extends OrderRequest {
  readonly key: string;
  readonly strategy: string;
  /** Start time (epoch ms) of the bar whose close produced the signal. */
  readonly signalTime: number;
}

export const ORDER_STATES = [
  "intent",
  "submitted",
  "acknowledged",
  "partially-filled",
  "filled",
  "cancelled",
  "rejected",
  "failed",
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<OrderState> = new Set(["filled", "cancelled", "rejected", "failed"]);

/** "rt:sma-cross:AAPL:buy:1700000000000" — short enough for IB's orderRef, unique per signal. */
export function intentKey(strategy: string, symbol: string, side: Side, signalTime: number): string {
  return intentKeyPrefix(strategy, symbol, side) + signalTime;
}

/** intentKey without the time ("rt:sma-cross:AAPL:buy:"): a caller making many keys keeps it. */
export function intentKeyPrefix(strategy: string, symbol: string, side: Side): string {
  return `rt:${strategy}:${symbol}:${side}:`;
}
