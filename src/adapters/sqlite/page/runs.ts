import { existsSync } from "node:fs";
import type { Db } from "../db.ts";
import { getRun, type RunRow } from "../runs-repo.ts";

export interface RunView {
  readonly id: number;
  readonly kind: string;
  readonly status: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly params: unknown;
  readonly stats: unknown;
  /** Saved HTML report: its path and whether the file is still there; null when none was saved. */
  readonly report: { readonly path: string; readonly exists: boolean } | null;
}

/** A report path as the backtest command records it in the run's params ("report" / "reportPath"). */
function reportPath(run: RunRow): string | null {
  const p = run.params;
  if (typeof p !== "object" || p === null) return null;
  const value = (p as Record<string, unknown>)["report"] ?? (p as Record<string, unknown>)["reportPath"];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Runs newest first: the newest `limit` backtests with their statistics, and the newest
 * `limit` runner sessions, each kind counted on its own so that many runner restarts never
 * push the backtests off the list.
 */
export function readRuns(db: Db, filter: { limit?: number; id?: number } = {}): RunView[] {
  const ids =
    filter.id !== undefined
      ? [filter.id]
      : (db
          .query(
            `SELECT id FROM (SELECT id, started_at FROM runs WHERE kind = 'backtest' ORDER BY started_at DESC, id DESC LIMIT $limit)
             UNION ALL SELECT id FROM (SELECT id, started_at FROM runs WHERE kind != 'backtest' ORDER BY started_at DESC, id DESC LIMIT $limit)`,
          )
          .all({ limit: filter.limit ?? 50 }) as { id: number }[]).map((r) => r.id);
  const rows = ids.map((id) => getRun(db, id)).filter((r): r is RunRow => r !== undefined).sort((a, b) => b.startedAt - a.startedAt || b.id - a.id);
  return rows.map((r) => {
    const path = reportPath(r);
    return {
      id: r.id, kind: r.kind, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt, params: r.params, stats: r.stats,
      report: path === null ? null : { path, exists: existsSync(path) },
    };
  });
}
