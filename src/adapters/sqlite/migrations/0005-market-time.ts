import type { Migration } from "../migrate.ts";

/**
 * One clock for bookkeeping: `time`, `created_at`, `updated_at` are wall-clock epoch ms at
 * which robotrader recorded the event; the market time the event refers to (the bar a
 * paper fill used, IB's execution time, the simulator's replay clock) gets its own column.
 */
export const marketTime: Migration = {
  version: 5,
  name: "market time beside wall time on fills and equity snapshots",
  sql: `
    ALTER TABLE fills ADD COLUMN market_time INTEGER;
    ALTER TABLE equity_snapshots ADD COLUMN market_time INTEGER;
    ALTER TABLE equity_snapshots ADD COLUMN positions TEXT CHECK (positions IS NULL OR json_valid(positions));
    CREATE INDEX equity_snapshots_by_run ON equity_snapshots (run_id, time);
    CREATE INDEX signals_by_time ON signals (time);
  `,
};
