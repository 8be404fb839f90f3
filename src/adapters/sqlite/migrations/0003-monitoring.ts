import type { Migration } from "../migrate.ts";

/** What the runner records for the status page and for safety: snapshots, alerts, leases, state. */
export const monitoring: Migration = {
  version: 3,
  name: "snapshots, signals, metrics, alerts, runner leases, state",
  sql: `
    CREATE TABLE equity_snapshots (
      id         INTEGER PRIMARY KEY,
      run_id     INTEGER REFERENCES runs (id) ON DELETE SET NULL,
      time       INTEGER NOT NULL,
      cash       TEXT    NOT NULL,
      equity     TEXT    NOT NULL,
      realized   TEXT    NOT NULL,
      unrealized TEXT    NOT NULL
    );
    CREATE INDEX equity_snapshots_by_time ON equity_snapshots (time);

    CREATE TABLE signals (
      id       INTEGER PRIMARY KEY,
      run_id   INTEGER REFERENCES runs (id) ON DELETE SET NULL,
      time     INTEGER NOT NULL,
      strategy TEXT    NOT NULL,
      symbol   TEXT    NOT NULL,
      kind     TEXT    NOT NULL,
      value    TEXT    CHECK (value IS NULL OR json_valid(value))
    );
    CREATE INDEX signals_by_symbol ON signals (symbol, time);

    CREATE TABLE metric_snapshots (
      id    INTEGER PRIMARY KEY,
      time  INTEGER NOT NULL,
      name  TEXT    NOT NULL,
      value TEXT    NOT NULL CHECK (json_valid(value))
    );
    CREATE INDEX metric_snapshots_by_name ON metric_snapshots (name, time);

    CREATE TABLE alerts (
      id      INTEGER PRIMARY KEY,
      time    INTEGER NOT NULL,
      level   TEXT    NOT NULL CHECK (level IN ('info', 'warn', 'error')),
      kind    TEXT    NOT NULL,
      message TEXT    NOT NULL,
      detail  TEXT    CHECK (detail IS NULL OR json_valid(detail))
    );
    CREATE INDEX alerts_by_time ON alerts (time);

    -- One runner per account (DESIGN.md invariant 3): a lease row with a heartbeat.
    CREATE TABLE runner_leases (
      account      TEXT    PRIMARY KEY,
      pid          INTEGER NOT NULL,
      host         TEXT    NOT NULL,
      run_id       INTEGER REFERENCES runs (id) ON DELETE SET NULL,
      started_at   INTEGER NOT NULL,
      heartbeat_at INTEGER NOT NULL
    );

    -- Small named flags shared between processes, e.g. 'kill-switch' -> {"on":true,...}.
    CREATE TABLE state (
      key        TEXT    PRIMARY KEY,
      value      TEXT    NOT NULL CHECK (json_valid(value)),
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
