import type { Db } from "../db.ts";

/** Topics of the status page that read whole tables, each with a cheap change marker. */
export const MARKED_TOPICS = ["equity", "metrics", "signals", "runs", "candles"] as const;
export type MarkedTopic = (typeof MARKED_TOPICS)[number];

/** Cheap change markers, one query: max(id) is a rowid lookup; only the small runs table is counted. */
export function readMarkers(db: Db): Record<MarkedTopic, string> {
  const row = db
    .query(
      `SELECT (SELECT coalesce(max(id), 0) FROM equity_snapshots) AS equity,
              (SELECT coalesce(max(id), 0) FROM metric_snapshots) AS metrics,
              (SELECT coalesce(max(id), 0) FROM signals) AS signals,
              (SELECT coalesce(max(id), 0) || ':' || count(*) || ':' || coalesce(max(ended_at), 0) FROM runs) AS runs,
              (SELECT coalesce((SELECT run_id || ':' || seq FROM run_inputs ORDER BY run_id DESC, seq DESC LIMIT 1), '')) AS candles`,
    )
    .get() as Record<MarkedTopic, string | number>;
  return { equity: String(row.equity), metrics: String(row.metrics), signals: String(row.signals), runs: String(row.runs), candles: String(row.candles) };
}

/** Changes whenever another connection commits (PRAGMA data_version). */
export function dataVersion(db: Db): number {
  return (db.query("PRAGMA data_version").get() as { data_version: number }).data_version;
}
