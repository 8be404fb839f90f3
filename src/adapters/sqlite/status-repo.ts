import { money, type Money } from "../../core/money.ts";
import type { OrderState, OrderType, Side } from "../../core/order.ts";
import type { Db } from "./db.ts";

/** Read-only queries for `robotrader status` and the status page. */

export interface StatusPosition {
  readonly account: string;
  readonly symbol: string;
  readonly qty: number;
  readonly avgCost: Money;
  readonly updatedAt: number;
}

/** Every stored position of every account (paper/sim runs use account ""), by account and symbol. */
export function listAllPositions(db: Db): StatusPosition[] {
  const rows = db.query("SELECT account, symbol, qty, avg_cost, updated_at FROM positions ORDER BY account, symbol").all() as {
    account: string; symbol: string; qty: number; avg_cost: string; updated_at: number;
  }[];
  return rows.map((r) => ({ account: r.account, symbol: r.symbol, qty: r.qty, avgCost: money(r.avg_cost), updatedAt: r.updated_at }));
}

export interface StatusOrder {
  readonly orderRef: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly type: OrderType;
  readonly state: OrderState;
  readonly filledQty: number;
  readonly avgFillPrice: Money | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastError: string | null;
  /** Refused by a pre-trade check (risk rule, pause, ...): stored for the trail, never sent to a broker. */
  readonly refused: boolean;
}

/** Orders still working (any non-final state, whatever their age) plus every order created since `since`. */
export function openAndRecentOrders(db: Db, since: number): StatusOrder[] {
  const rows = db
    .query(
      `SELECT order_ref, strategy, symbol, side, qty, type, state, filled_qty, avg_fill_price, created_at, updated_at, last_error,
         (state = 'rejected' AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_ref = orders.order_ref AND json_extract(e.detail, '$.kind') = 'refused')) AS refused
       FROM orders
       WHERE state NOT IN ('filled', 'cancelled', 'rejected', 'failed') OR created_at >= $since
       ORDER BY created_at, id`,
    )
    .all({ since }) as {
      order_ref: string; strategy: string; symbol: string; side: Side; qty: number; type: OrderType; state: OrderState; filled_qty: number;
      avg_fill_price: string | null; created_at: number; updated_at: number; last_error: string | null; refused: number;
    }[];
  return rows.map((r) => ({
    orderRef: r.order_ref, strategy: r.strategy, symbol: r.symbol, side: r.side, qty: r.qty, type: r.type, state: r.state, filledQty: r.filled_qty,
    avgFillPrice: r.avg_fill_price === null ? null : money(r.avg_fill_price), createdAt: r.created_at, updatedAt: r.updated_at, lastError: r.last_error,
    refused: r.refused === 1,
  }));
}
