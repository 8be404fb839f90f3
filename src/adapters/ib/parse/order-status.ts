import type { OrderState } from "../../../core/order.ts";

/** IB's order status words -> our OrderState (NautilusTrader keeps the same table). */
const MAP_ORDER_STATUS: Record<string, OrderState> = {
  ApiPending: "submitted",
  PendingSubmit: "submitted",
  PreSubmitted: "acknowledged",
  Submitted: "acknowledged",
  PendingCancel: "acknowledged",
  ApiCancelled: "cancelled",
  Cancelled: "cancelled",
  Filled: "filled",
  Inactive: "rejected",
};

/**
 * Our state for an IB status; a live order with some shares filled is "partially-filled".
 * Unknown words give undefined (the caller keeps the state it had, and logs the word).
 */
export function orderStateFromIb(status: string, filled = 0, remaining = 0): OrderState | undefined {
  const state = MAP_ORDER_STATUS[status];
  if (state === "acknowledged" && filled > 0 && remaining > 0) return "partially-filled";
  if (state === "cancelled" && filled > 0 && remaining > 0) return "cancelled";
  return state;
}
