import type { Db } from "../../sqlite/db.ts";

export interface EquityPointView {
  readonly time: number;
  readonly equity: string;
}

export interface EquityView {
  /** The newest snapshot as stored (exact decimals), or null when none was written. */
  readonly latest: { time: number; cash: string; equity: string; realized: string; unrealized: string; runId: number | null; marketTime: number | null } | null;
  /** The curve of the newest snapshot's run, oldest first, thinned to at most `maxPoints` (the newest point always kept). */
  readonly points: readonly EquityPointView[];
  /** Snapshots of that run. */
  readonly count: number;
  readonly runId: number | null;
}

/**
 * Equity snapshots of the runner (equity_snapshots), one run's curve: each run starts its
 * own books, so curves of different runs joined end to end would invent jumps.
 */
export function readEquity(db: Db, maxPoints = 600): EquityView {
  const latest = db
    .query("SELECT time, cash, equity, realized, unrealized, run_id AS runId, market_time AS marketTime FROM equity_snapshots ORDER BY time DESC, id DESC LIMIT 1")
    .get() as EquityView["latest"];
  const runId = latest?.runId ?? null;
  const count = (db.query("SELECT count(*) AS n FROM equity_snapshots WHERE run_id IS $runId").get({ runId }) as { n: number }).n;
  const step = Math.max(1, Math.ceil(count / maxPoints));
  const points = db
    .query(
      `SELECT time, equity FROM (SELECT time, equity, row_number() OVER (ORDER BY time, id) AS k FROM equity_snapshots WHERE run_id IS $runId)
       WHERE (k - 1) % $step = 0 OR k = $count ORDER BY time`,
    )
    .all({ step, count, runId }) as EquityPointView[];
  return { latest, points, count, runId };
}
