import type { Migration } from "../migrate.ts";

/** Bar history and backtest runs. Prices of bars are float64 (indicators); money is TEXT. */
export const barsAndRuns: Migration = {
  version: 1,
  name: "bars and runs",
  sql: `
    CREATE TABLE bars (
      symbol   TEXT    NOT NULL,
      bar_size TEXT    NOT NULL,
      time     INTEGER NOT NULL,
      open     REAL    NOT NULL,
      high     REAL    NOT NULL,
      low      REAL    NOT NULL,
      close    REAL    NOT NULL,
      volume   REAL    NOT NULL,
      PRIMARY KEY (symbol, bar_size, time)
    ) WITHOUT ROWID;

    CREATE TABLE runs (
      id         INTEGER PRIMARY KEY,
      kind       TEXT    NOT NULL CHECK (kind IN ('backtest', 'live', 'paper', 'sim')),
      status     TEXT    NOT NULL DEFAULT 'running'
                         CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
      started_at INTEGER NOT NULL,
      ended_at   INTEGER,
      params     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
      stats      TEXT    CHECK (stats IS NULL OR json_valid(stats)),
      pid        INTEGER,
      host       TEXT
    );
    CREATE INDEX runs_by_start ON runs (started_at);

    CREATE TABLE backtest_trades (
      run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      symbol      TEXT    NOT NULL,
      side        TEXT    NOT NULL CHECK (side IN ('long', 'short')),
      qty         REAL    NOT NULL,
      entry_time  INTEGER NOT NULL,
      entry_price TEXT    NOT NULL,
      exit_time   INTEGER,
      exit_price  TEXT,
      pnl         TEXT    NOT NULL,
      commission  TEXT    NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE backtest_equity (
      run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
      time   INTEGER NOT NULL,
      equity REAL    NOT NULL,
      PRIMARY KEY (run_id, time)
    ) WITHOUT ROWID;
  `,
};
