import type { FieldCursor } from "../fields.ts";
import { IN } from "../out/ids.ts";
import type { HandlerContext } from "../world.ts";
import { cancelHistoricalData, reqHistoricalData } from "./historical.ts";
import { cancelAccountSummary, cancelPositions, reqAccountSummary, reqAccountUpdates, reqAccountUpdatesMulti, reqPositions } from "./account.ts";
import { cancelOrder, placeOrder, reqAllOpenOrders, reqCompletedOrders, reqExecutions, reqGlobalCancel, reqOpenOrders } from "./orders.ts";
import { reqContractDetails } from "./contract-details.ts";
import { cancelMktData, reqMktData } from "./market-data.ts";
import { cancelRealTimeBars, reqRealTimeBars } from "./realtime-bars.ts";
import { reqCurrentTime, reqIds, reqManagedAccts } from "./time.ts";

export type Handler = (ctx: HandlerContext, c: FieldCursor) => void;

export interface HandlerEntry {
  readonly name: string;
  readonly handle: Handler;
}

const ignore: Handler = () => {};

/** Requests the simulator understands, by client -> server message id. */
export const HANDLERS: ReadonlyMap<number, HandlerEntry> = new Map<number, HandlerEntry>([
  [IN.REQ_CURRENT_TIME, { name: "reqCurrentTime", handle: reqCurrentTime }],
  [IN.REQ_IDS, { name: "reqIds", handle: reqIds }],
  [IN.REQ_MANAGED_ACCTS, { name: "reqManagedAccts", handle: reqManagedAccts }],
  [IN.REQ_HISTORICAL_DATA, { name: "reqHistoricalData", handle: reqHistoricalData }],
  [IN.CANCEL_HISTORICAL_DATA, { name: "cancelHistoricalData", handle: cancelHistoricalData }],
  [IN.REQ_CONTRACT_DATA, { name: "reqContractDetails", handle: reqContractDetails }],
  [IN.REQ_MKT_DATA, { name: "reqMktData", handle: reqMktData }],
  [IN.CANCEL_MKT_DATA, { name: "cancelMktData", handle: cancelMktData }],
  [IN.REQ_REAL_TIME_BARS, { name: "reqRealTimeBars", handle: reqRealTimeBars }],
  [IN.CANCEL_REAL_TIME_BARS, { name: "cancelRealTimeBars", handle: cancelRealTimeBars }],
  [IN.REQ_POSITIONS, { name: "reqPositions", handle: reqPositions }],
  [IN.CANCEL_POSITIONS, { name: "cancelPositions", handle: cancelPositions }],
  [IN.REQ_ACCOUNT_SUMMARY, { name: "reqAccountSummary", handle: reqAccountSummary }],
  [IN.CANCEL_ACCOUNT_SUMMARY, { name: "cancelAccountSummary", handle: cancelAccountSummary }],
  [IN.REQ_ACCOUNT_DATA, { name: "reqAccountUpdates", handle: reqAccountUpdates }],
  [IN.REQ_ACCOUNT_UPDATES_MULTI, { name: "reqAccountUpdatesMulti", handle: reqAccountUpdatesMulti }],
  [IN.CANCEL_ACCOUNT_UPDATES_MULTI, { name: "cancelAccountUpdatesMulti", handle: ignore }],
  [IN.PLACE_ORDER, { name: "placeOrder", handle: placeOrder }],
  [IN.CANCEL_ORDER, { name: "cancelOrder", handle: cancelOrder }],
  [IN.REQ_GLOBAL_CANCEL, { name: "reqGlobalCancel", handle: reqGlobalCancel }],
  [IN.REQ_OPEN_ORDERS, { name: "reqOpenOrders", handle: reqOpenOrders }],
  [IN.REQ_ALL_OPEN_ORDERS, { name: "reqAllOpenOrders", handle: reqAllOpenOrders }],
  [IN.REQ_COMPLETED_ORDERS, { name: "reqCompletedOrders", handle: reqCompletedOrders }],
  [IN.REQ_EXECUTIONS, { name: "reqExecutions", handle: reqExecutions }],
  [IN.REQ_AUTO_OPEN_ORDERS, { name: "reqAutoOpenOrders", handle: ignore }],
  [IN.REQ_MARKET_DATA_TYPE, { name: "reqMarketDataType", handle: ignore }],
]);
