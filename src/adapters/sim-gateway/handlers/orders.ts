import { isTerminal } from "../account/order.ts";
import { parseIbDateTime } from "../market/eastern-time.ts";
import type { FieldCursor } from "../fields.ts";
import { commissionReport, completedOrder, completedOrdersEnd, execDetails, execDetailsEnd, openOrder, openOrderEnd, orderStatus } from "../out/orders.ts";
import { parseCancelOrder, parsePlaceOrder } from "../orders/parse-place-order.ts";
import type { HandlerContext } from "../world.ts";

export function placeOrder({ session, world }: HandlerContext, c: FieldCursor): void {
  world.orders.place(session, parsePlaceOrder(c.fields, session.serverVersion));
}

export function cancelOrder({ session, world }: HandlerContext, c: FieldCursor): void {
  world.orders.cancel(session, parseCancelOrder(c.fields, session.serverVersion));
}

export function reqGlobalCancel({ world }: HandlerContext): void {
  world.orders.cancelAll();
}

/** reqOpenOrders(5) / reqAllOpenOrders(16): live orders (this client's, or all), then openOrderEnd. */
function sendOpenOrders({ session, world }: HandlerContext, all: boolean): void {
  for (const o of world.account.orders.values()) {
    if (isTerminal(o.status) || (!all && o.clientId !== session.clientId)) continue;
    session.send(openOrder(session.serverVersion, o));
    session.send(orderStatus(o));
  }
  session.send(openOrderEnd());
}

export const reqOpenOrders = (ctx: HandlerContext) => sendOpenOrders(ctx, false);
export const reqAllOpenOrders = (ctx: HandlerContext) => sendOpenOrders(ctx, true);

/** reqCompletedOrders(99): filled and cancelled orders of every client, then [102]. */
export function reqCompletedOrders({ session, world }: HandlerContext): void {
  for (const o of world.account.orders.values()) if (isTerminal(o.status)) session.send(completedOrder(session.serverVersion, o));
  session.send(completedOrdersEnd());
}

/**
 * reqExecutions(7): [7, 3, reqId, clientId, acctCode, time, symbol, secType, exchange, side].
 * Every execution of this simulator process that passes the filter (empty/0 fields match all),
 * each followed by its commissionReport, then execDetailsEnd.
 */
export function reqExecutions({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  const clientId = c.int("clientId");
  const acct = c.str("acctCode").trim();
  const timeText = c.str("time").trim();
  const symbol = c.str("symbol").trim().toUpperCase();
  const secType = c.str("secType").trim().toUpperCase();
  const exchange = c.str("exchange").trim().toUpperCase();
  const side = c.str("side").trim().toUpperCase();
  const since = timeText === "" ? undefined : parseIbDateTime(timeText);
  for (const e of world.account.executions) {
    if (clientId > 0 && e.clientId !== clientId) continue;
    if (acct !== "" && acct !== world.accountId) continue;
    if (since !== undefined && e.time < since) continue;
    if (symbol !== "" && e.symbol !== symbol) continue;
    if (secType !== "" && e.secType !== secType) continue;
    if (exchange !== "" && exchange !== "SMART" && e.exchange !== exchange) continue;
    if (side !== "" && !((side === "BUY" || side === "BOT") ? e.side === "BOT" : e.side === "SLD")) continue;
    session.send(execDetails(session.serverVersion, reqId, e, world.accountId));
    session.send(commissionReport(e));
  }
  session.send(execDetailsEnd(reqId));
}
