import { maskSecret } from "../../../log/mask.ts";
import type { Db } from "../db.ts";

export interface OrderView {
  readonly orderRef: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly type: string;
  readonly limitPrice: string | null;
  readonly stopPrice: string | null;
  readonly tif: string;
  readonly state: string;
  readonly filledQty: number;
  readonly avgFillPrice: string | null;
  readonly brokerOrderId: number | null;
  readonly account: string | null;
  readonly mode: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Why it was rejected, refused by a risk rule, or failed. */
  readonly lastError: string | null;
}

export interface OrdersView {
  /** Orders not yet final (intent, submitted, acknowledged, partially filled), oldest first. */
  readonly open: readonly OrderView[];
  /** The latest orders in any state, newest first. */
  readonly recent: readonly OrderView[];
  /** Rejected and failed orders with their reasons (risk refusals included), newest first. */
  readonly refused: readonly OrderView[];
}

type Raw = {
  order_ref: string; strategy: string; symbol: string; side: string; qty: number; type: string; limit_price: string | null;
  stop_price: string | null; tif: string; state: string; filled_qty: number; avg_fill_price: string | null;
  broker_order_id: number | null; account: string | null; mode: string | null; created_at: number; updated_at: number; last_error: string | null;
};

const COLUMNS = `order_ref, strategy, symbol, side, qty, type, limit_price, stop_price, tif, state, filled_qty, avg_fill_price,
  broker_order_id, account, mode, created_at, updated_at, last_error`;

const toView = (r: Raw): OrderView => ({
  orderRef: r.order_ref, strategy: r.strategy, symbol: r.symbol, side: r.side, qty: r.qty, type: r.type,
  limitPrice: r.limit_price, stopPrice: r.stop_price, tif: r.tif, state: r.state, filledQty: r.filled_qty,
  avgFillPrice: r.avg_fill_price, brokerOrderId: r.broker_order_id, account: r.account === null || r.account === "" ? r.account : maskSecret(r.account),
  mode: r.mode, createdAt: r.created_at, updatedAt: r.updated_at, lastError: r.last_error,
});

export function readOrders(db: Db, limit = 50): OrdersView {
  const open = db
    .query(`SELECT ${COLUMNS} FROM orders WHERE state IN ('intent', 'submitted', 'acknowledged', 'partially-filled') ORDER BY created_at, id`)
    .all() as Raw[];
  const recent = db.query(`SELECT ${COLUMNS} FROM orders ORDER BY updated_at DESC, id DESC LIMIT $limit`).all({ limit }) as Raw[];
  const refused = db
    .query(`SELECT ${COLUMNS} FROM orders WHERE state IN ('rejected', 'failed') ORDER BY updated_at DESC, id DESC LIMIT $limit`)
    .all({ limit }) as Raw[];
  return { open: open.map(toView), recent: recent.map(toView), refused: refused.map(toView) };
}
