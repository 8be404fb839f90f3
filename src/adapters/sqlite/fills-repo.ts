import type { Fill } from "../../core/fill.ts";
import { money, type Money } from "../../core/money.ts";
import type { Side } from "../../core/order.ts";
import { durableTransaction, type Db } from "./db.ts";

export interface FillRow extends Fill {
  readonly realizedPnl: Money | null;
  readonly account: string | null;
  /** The market time the fill refers to (bar time of a paper fill, IB's execution time); null on older rows. */
  readonly marketTime: number | null;
}

type Raw = {
  exec_id: string; order_ref: string | null; symbol: string; side: Side; qty: number; price: string;
  commission: string | null; time: number; realized_pnl: string | null; account: string | null; market_time: number | null;
};

function toFill(r: Raw): FillRow {
  return {
    execId: r.exec_id, orderKey: r.order_ref ?? "", symbol: r.symbol, side: r.side, qty: r.qty,
    price: money(r.price), commission: money(r.commission ?? "0"), time: r.time,
    realizedPnl: r.realized_pnl === null ? null : money(r.realized_pnl), account: r.account, marketTime: r.market_time,
  };
}

/**
 * Records an execution once: a second insert with the same execId (a replayed execution
 * after a reconnect) changes nothing and returns false. `fill.time` is stored as `time`;
 * `extra.marketTime` (when the event's market time differs, e.g. under --sim) as `market_time`.
 */
export function insertFill(db: Db, fill: Fill, extra: { realizedPnl?: Money; account?: string; marketTime?: number } = {}): boolean {
  return durableTransaction(db, () => {
    const result = db
      .query(
        `INSERT INTO fills (exec_id, order_ref, symbol, side, qty, price, commission, time, realized_pnl, account, market_time)
         VALUES ($execId, $orderRef, $symbol, $side, $qty, $price, $commission, $time, $realizedPnl, $account, $marketTime)
         ON CONFLICT (exec_id) DO NOTHING`,
      )
      .run({
        execId: fill.execId, orderRef: fill.orderKey === "" ? null : fill.orderKey, symbol: fill.symbol, side: fill.side,
        qty: fill.qty, price: fill.price.toString(), commission: fill.commission.toString(), time: fill.time,
        realizedPnl: extra.realizedPnl?.toString() ?? null, account: extra.account ?? null, marketTime: extra.marketTime ?? null,
      });
    return result.changes > 0;
  });
}

/** Fills in time order, optionally for one order or since a time (inclusive). */
export function listFills(db: Db, filter: { orderRef?: string; since?: number } = {}): FillRow[] {
  const rows = db
    .query("SELECT * FROM fills WHERE ($orderRef IS NULL OR order_ref = $orderRef) AND ($since IS NULL OR time >= $since) ORDER BY time, id")
    .all({ orderRef: filter.orderRef ?? null, since: filter.since ?? null }) as Raw[];
  return rows.map(toFill);
}
