import type { Migration } from "../migrate.ts";

/**
 * The latest metric snapshot is "every row with the newest time", and pruning deletes by
 * time: both need an index on time alone (0003 indexes metrics by name, then time).
 */
export const metricsByTime: Migration = {
  version: 4,
  name: "metric snapshots by time",
  sql: `CREATE INDEX metric_snapshots_by_time ON metric_snapshots (time);`,
};
