import type { OrderIntent, OrderState, OrderType, Side, TimeInForce } from "../../core/order.ts";
import { money, type Money } from "../../core/money.ts";
import { durableTransaction, type Db } from "./db.ts";

/** An order as stored: the intent plus what the broker has said about it. */
export interface OrderRow {
  readonly orderRef: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly type: OrderType;
  readonly limitPrice: Money | null;
  readonly stopPrice: Money | null;
  readonly tif: TimeInForce;
  readonly signalTime: number;
  readonly state: OrderState;
  readonly brokerOrderId: number | null;
  readonly permId: number | null;
  readonly filledQty: number;
  readonly avgFillPrice: Money | null;
  readonly account: string | null;
  readonly mode: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastError: string | null;
}

export interface OrderEventRow {
  readonly orderRef: string;
  readonly time: number;
  readonly state: OrderState;
  readonly detail: unknown;
}

/** What changes with a state transition; absent fields keep their stored value. */
export interface OrderUpdate {
  readonly state: OrderState;
  readonly time?: number;
  readonly brokerOrderId?: number;
  readonly permId?: number;
  readonly filledQty?: number;
  readonly avgFillPrice?: Money;
  readonly lastError?: string;
  /** Stored with the order_events row (JSON). */
  readonly detail?: unknown;
}

type Raw = {
  order_ref: string; strategy: string; symbol: string; side: Side; qty: number; type: OrderType;
  limit_price: string | null; stop_price: string | null; tif: TimeInForce; signal_time: number; state: OrderState;
  broker_order_id: number | null; perm_id: number | null; filled_qty: number; avg_fill_price: string | null;
  account: string | null; mode: string | null; created_at: number; updated_at: number; last_error: string | null;
};

const decimal = (s: string | null) => (s === null ? null : money(s));

function toOrder(r: Raw): OrderRow {
  return {
    orderRef: r.order_ref, strategy: r.strategy, symbol: r.symbol, side: r.side, qty: r.qty, type: r.type,
    limitPrice: decimal(r.limit_price), stopPrice: decimal(r.stop_price), tif: r.tif, signalTime: r.signal_time,
    state: r.state, brokerOrderId: r.broker_order_id, permId: r.perm_id, filledQty: r.filled_qty,
    avgFillPrice: decimal(r.avg_fill_price), account: r.account, mode: r.mode, createdAt: r.created_at,
    updatedAt: r.updated_at, lastError: r.last_error,
  };
}

function addEvent(db: Db, orderRef: string, time: number, state: OrderState, detail: unknown): void {
  db.query("INSERT INTO order_events (order_ref, time, state, detail) VALUES ($orderRef, $time, $state, $detail)").run({
    orderRef, time, state, detail: detail === undefined ? null : JSON.stringify(detail),
  });
}

/**
 * Writes an intent (state "intent") unless one with the same key exists, durably, before
 * anything is sent (DESIGN.md invariant 1). Returns the stored order and whether it is new;
 * an existing order is returned untouched, whatever its state.
 */
export function upsertIntent(
  db: Db,
  intent: OrderIntent,
  context: { account?: string; mode?: string; time?: number } = {},
): { order: OrderRow; created: boolean } {
  return durableTransaction(db, () => {
    const created = insertIntentRow(db, intent, context);
    return { order: getOrder(db, intent.key)!, created };
  });
}

/**
 * `upsertIntent` without reading the row back (the engine's store on the order path needs
 * only the write): true when the intent was new.
 */
export function insertIntent(db: Db, intent: OrderIntent, context: { account?: string; mode?: string; time?: number } = {}): boolean {
  return durableTransaction(db, () => insertIntentRow(db, intent, context));
}

function insertIntentRow(db: Db, intent: OrderIntent, context: { account?: string; mode?: string; time?: number }): boolean {
  const time = context.time ?? Date.now();
  const inserted = db
    .query(
      `INSERT INTO orders (order_ref, strategy, symbol, side, qty, type, limit_price, stop_price, tif, signal_time,
         state, account, mode, created_at, updated_at)
       VALUES ($ref, $strategy, $symbol, $side, $qty, $type, $limit, $stop, $tif, $signalTime, 'intent', $account, $mode, $time, $time)
       ON CONFLICT (order_ref) DO NOTHING`,
    )
    .run({
      ref: intent.key, strategy: intent.strategy, symbol: intent.symbol, side: intent.side, qty: intent.qty,
      type: intent.type, limit: intent.limitPrice === undefined ? null : money(intent.limitPrice).toString(),
      stop: intent.stopPrice === undefined ? null : money(intent.stopPrice).toString(), tif: intent.tif,
      signalTime: intent.signalTime, account: context.account ?? null, mode: context.mode ?? null, time,
    });
  const created = inserted.changes > 0;
  if (created) addEvent(db, intent.key, time, "intent", undefined);
  return created;
}

/** Moves an order to a new state and appends the order_events row, in one durable transaction. */
export function updateOrder(db: Db, orderRef: string, update: OrderUpdate): OrderRow {
  return durableTransaction(db, () => {
    const time = update.time ?? Date.now();
    const result = db
      .query(
        `UPDATE orders SET state = $state, updated_at = $time,
           broker_order_id = COALESCE($brokerOrderId, broker_order_id), perm_id = COALESCE($permId, perm_id),
           filled_qty = COALESCE($filledQty, filled_qty), avg_fill_price = COALESCE($avgFillPrice, avg_fill_price),
           last_error = COALESCE($lastError, last_error)
         WHERE order_ref = $orderRef`,
      )
      .run({
        orderRef, state: update.state, time, brokerOrderId: update.brokerOrderId ?? null, permId: update.permId ?? null,
        filledQty: update.filledQty ?? null, avgFillPrice: update.avgFillPrice?.toString() ?? null, lastError: update.lastError ?? null,
      });
    if (result.changes === 0) throw new Error(`updateOrder: no order with order_ref '${orderRef}'`);
    addEvent(db, orderRef, time, update.state, update.detail);
    return getOrder(db, orderRef)!;
  });
}

export function getOrder(db: Db, orderRef: string): OrderRow | undefined {
  const row = db.query("SELECT * FROM orders WHERE order_ref = $orderRef").get({ orderRef }) as Raw | null;
  return row ? toOrder(row) : undefined;
}

/** Orders by creation, optionally only in the given states or for one symbol. */
export function listOrders(db: Db, filter: { states?: readonly OrderState[]; symbol?: string } = {}): OrderRow[] {
  const states = filter.states ? JSON.stringify(filter.states) : null;
  const rows = db
    .query(
      `SELECT * FROM orders WHERE ($states IS NULL OR state IN (SELECT value FROM json_each($states)))
         AND ($symbol IS NULL OR symbol = $symbol) ORDER BY created_at, id`,
    )
    .all({ states, symbol: filter.symbol ?? null }) as Raw[];
  return rows.map(toOrder);
}

export function orderEvents(db: Db, orderRef: string): OrderEventRow[] {
  const rows = db
    .query("SELECT order_ref, time, state, detail FROM order_events WHERE order_ref = $orderRef ORDER BY id")
    .all({ orderRef }) as { order_ref: string; time: number; state: OrderState; detail: string | null }[];
  return rows.map((r) => ({ orderRef: r.order_ref, time: r.time, state: r.state, detail: r.detail === null ? null : JSON.parse(r.detail) }));
}
