import type Big from "big.js";

export type SimOrderStatus = "PendingSubmit" | "PreSubmitted" | "Submitted" | "PendingCancel" | "Cancelled" | "Filled" | "Inactive" | "ApiCancelled";
export type SimOrderType = "MKT" | "LMT" | "STP" | "STP LMT" | "MOC" | "LOC";

/** An order as the simulator keeps it; the wire fields it echoes back in openOrder. */
export interface SimOrder {
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly symbol: string;
  readonly conId: number;
  readonly secType: string;
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  action: "BUY" | "SELL" | "SSHORT";
  totalQuantity: Big;
  orderType: SimOrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  account: string;
  orderRef: string;
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  goodAfterTime: string;
  goodTillDate: string;
  cashQty: number | undefined;
  status: SimOrderStatus;
  filled: Big;
  /** Exact average fill price (0 before the first fill). */
  avgFillPrice: Big;
  lastFillPrice: Big;
  /** Commission paid by this order so far. */
  commission: Big;
  /** Replayed time at which it was placed, epoch ms. */
  readonly placedAt: number;
  /** Stop orders become limit/market once triggered. */
  triggered: boolean;
  completedAt: number | undefined;
}

export const isTerminal = (s: SimOrderStatus) => s === "Filled" || s === "Cancelled" || s === "ApiCancelled" || s === "Inactive";

export const remaining = (o: SimOrder): Big => o.totalQuantity.minus(o.filled);
