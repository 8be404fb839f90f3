import { money, type Money } from "../../core/money.ts";
import type { Db } from "./db.ts";

export interface RealizedRow {
  readonly symbol: string;
  /** The order's strategy, "manual" or "unknown" when the fill matches no stored order. */
  readonly strategy: string;
  readonly time: number;
  /** Exact, as stored. */
  readonly realizedPnl: Money;
  readonly commission: Money;
}

/** Fills that realized P&L (closing fills), oldest first, with their order's strategy. */
export function realizedFills(db: Db, options: { limit?: number } = {}): RealizedRow[] {
  type Raw = { symbol: string; strategy: string | null; time: number; realized_pnl: string; commission: string | null };
  const rows = db
    .query(
      `SELECT f.symbol, o.strategy, f.time, f.realized_pnl, f.commission FROM fills f LEFT JOIN orders o ON o.order_ref = f.order_ref
       WHERE f.realized_pnl IS NOT NULL ORDER BY f.time DESC, f.id DESC LIMIT $limit`,
    )
    .all({ limit: options.limit ?? 5000 }) as Raw[];
  return rows.reverse().map((r) => ({
    symbol: r.symbol,
    strategy: r.strategy ?? "unknown",
    time: r.time,
    realizedPnl: money(r.realized_pnl),
    commission: money(r.commission ?? 0),
  }));
}

/** The equity curve of the newest run's snapshots (time, equity as float for statistics), oldest first. */
export function runEquityCurve(db: Db): { runId: number | null; time: Float64Array; equity: Float64Array } {
  const latest = db.query("SELECT run_id AS runId FROM equity_snapshots ORDER BY time DESC, id DESC LIMIT 1").get() as { runId: number | null } | null;
  if (!latest) return { runId: null, time: new Float64Array(0), equity: new Float64Array(0) };
  const rows = db.query("SELECT time, CAST(equity AS REAL) AS equity FROM equity_snapshots WHERE run_id IS $runId ORDER BY time, id").all({ runId: latest.runId }) as { time: number; equity: number }[];
  return { runId: latest.runId, time: Float64Array.from(rows, (r) => r.time), equity: Float64Array.from(rows, (r) => r.equity) };
}
