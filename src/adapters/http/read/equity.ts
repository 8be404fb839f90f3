import type { Db } from "../../sqlite/db.ts";

export interface EquityPointView {
  readonly time: number;
  readonly equity: string;
}

export interface EquityView {
  /** The newest snapshot as stored (exact decimals), or null when none was written. */
  readonly latest: { time: number; cash: string; equity: string; realized: string; unrealized: string } | null;
  /** The curve, oldest first, thinned to at most `maxPoints` (the newest point always kept). */
  readonly points: readonly EquityPointView[];
  readonly count: number;
}

/** Equity snapshots of the runner (equity_snapshots). */
export function readEquity(db: Db, maxPoints = 600): EquityView {
  const latest = db.query("SELECT time, cash, equity, realized, unrealized FROM equity_snapshots ORDER BY time DESC, id DESC LIMIT 1").get() as
    | { time: number; cash: string; equity: string; realized: string; unrealized: string }
    | null;
  const count = (db.query("SELECT count(*) AS n FROM equity_snapshots").get() as { n: number }).n;
  const step = Math.max(1, Math.ceil(count / maxPoints));
  const points = db
    .query(
      `SELECT time, equity FROM (SELECT time, equity, row_number() OVER (ORDER BY time, id) AS k FROM equity_snapshots)
       WHERE (k - 1) % $step = 0 OR k = $count ORDER BY time`,
    )
    .all({ step, count }) as EquityPointView[];
  return { latest, points, count };
}
