import { EventName, OrderAction, OrderType as IbOrderType, TimeInForce as IbTif, type Contract, type Order, type OrderState as IbOrderState } from "@stoqey/ib";
import type { OrderIntent, OrderState } from "../../../core/order.ts";
import { brokerOrder, type BrokerOrder } from "./account.ts";
import type { IbConnection } from "../connection/connection.ts";
import { stockContract } from "../parse/contract.ts";
import { orderStateFromIb } from "../parse/order-status.ts";
import { ibRequest } from "../requests/request.ts";
import { fail, ok, type IbResult } from "../result.ts";

export interface PlacedOrder {
  readonly orderId: number;
  readonly key: string;
  /** The first state IB reported (acknowledged, filled, rejected ...). */
  readonly state: OrderState | undefined;
  readonly order: BrokerOrder | undefined;
}

const TYPE: Record<OrderIntent["type"], IbOrderType> = { market: IbOrderType.MKT, limit: IbOrderType.LMT, stop: IbOrderType.STP };
const TIF: Record<OrderIntent["tif"], IbTif> = { day: IbTif.DAY, gtc: IbTif.GTC, ioc: IbTif.IOC };

/** The IB order for an intent: orderRef = the intent key, transmit = true (an empty transmit is never sent by TWS). */
export function ibOrderFor(intent: OrderIntent, account: string | undefined): Order {
  return {
    action: intent.side === "buy" ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: intent.qty,
    orderType: TYPE[intent.type],
    ...(intent.limitPrice !== undefined ? { lmtPrice: intent.limitPrice } : {}),
    ...(intent.stopPrice !== undefined ? { auxPrice: intent.stopPrice } : {}),
    tif: TIF[intent.tif],
    orderRef: intent.key,
    transmit: true,
    ...(account ? { account } : {}),
  };
}

/**
 * Sends one order and waits for IB's first word on it: an openOrder/orderStatus (placed)
 * or an error naming its id (rejected, as a failed result). Refused in read-only mode.
 */
export function placeOrder(conn: IbConnection, intent: OrderIntent, options: { account?: string; timeoutMs?: number } = {}): Promise<IbResult<PlacedOrder>> {
  const request = `order ${intent.key}`;
  if (!conn.allowOrders) {
    return Promise.resolve(fail({ kind: "bad-data", code: 0, message: "the IB connection is read-only (data mode); orders need a mode that routes to IB", request }));
  }
  const orderId = conn.nextOrderId();
  return ibRequest(conn, {
    request,
    reqId: orderId,
    timeoutMs: options.timeoutMs ?? 15_000,
    run(api, done) {
      const onOpen = (id: number, contract: Contract, order: Order, state: IbOrderState) => {
        if (id !== orderId) return;
        const o = brokerOrder(id, contract, order, state);
        done(ok({ orderId, key: intent.key, state: o.state, order: o }));
      };
      const onStatus = (id: number, status: string, filled: number, remaining: number) => {
        if (id !== orderId) return;
        done(ok({ orderId, key: intent.key, state: orderStateFromIb(status, filled, remaining), order: undefined }));
      };
      api.on(EventName.openOrder, onOpen).on(EventName.orderStatus, onStatus);
      api.placeOrder(orderId, stockContract(intent.symbol), ibOrderFor(intent, options.account));
      return () => api.off(EventName.openOrder, onOpen).off(EventName.orderStatus, onStatus);
    },
  });
}

/** Asks IB to cancel; the outcome arrives as order status (Cancelled) or error 202. */
export function cancelOrder(conn: IbConnection, orderId: number): IbResult<void> {
  const api = conn.api;
  if (!conn.allowOrders) return fail({ kind: "bad-data", code: 0, message: "the IB connection is read-only", request: `cancel ${orderId}` });
  if (!api || !conn.isReady) return fail({ kind: "disconnected", code: 504, message: "not connected", request: `cancel ${orderId}` });
  api.cancelOrder(orderId);
  return ok(undefined);
}
