import type { Db } from "../../sqlite/db.ts";

export interface SignalView {
  readonly time: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly kind: string;
  readonly value: unknown;
}

/** The newest signal per (symbol, strategy), by symbol. */
export function readLatestSignals(db: Db): SignalView[] {
  const rows = db
    .query(
      `SELECT s.time, s.strategy, s.symbol, s.kind, s.value FROM signals s
       JOIN (SELECT symbol, strategy, max(id) AS id FROM signals GROUP BY symbol, strategy) last ON last.id = s.id
       ORDER BY s.symbol, s.strategy`,
    )
    .all() as { time: number; strategy: string; symbol: string; kind: string; value: string | null }[];
  return rows.map((r) => ({ ...r, value: r.value === null ? null : JSON.parse(r.value) }));
}
