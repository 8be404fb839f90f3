import type { Migration } from "../migrate.ts";

/**
 * Orders from intent to final state (DESIGN.md invariant 1), their state history, broker
 * executions and positions. Prices and money are TEXT decimal strings (big.js), never REAL.
 */
export const ordersAndFills: Migration = {
  version: 2,
  name: "orders, order events, fills, positions",
  sql: `
    CREATE TABLE orders (
      id              INTEGER PRIMARY KEY,
      order_ref       TEXT    NOT NULL UNIQUE,
      strategy        TEXT    NOT NULL,
      symbol          TEXT    NOT NULL,
      side            TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
      qty             REAL    NOT NULL CHECK (qty > 0),
      type            TEXT    NOT NULL CHECK (type IN ('market', 'limit', 'stop')),
      limit_price     TEXT,
      stop_price      TEXT,
      tif             TEXT    NOT NULL,
      signal_time     INTEGER NOT NULL,
      state           TEXT    NOT NULL CHECK (state IN ('intent', 'submitted', 'acknowledged',
                        'partially-filled', 'filled', 'cancelled', 'rejected', 'failed')),
      broker_order_id INTEGER,
      perm_id         INTEGER,
      filled_qty      REAL    NOT NULL DEFAULT 0,
      avg_fill_price  TEXT,
      account         TEXT,
      mode            TEXT,
      created_at      INTEGER NOT NULL,
      updated_at      INTEGER NOT NULL,
      last_error      TEXT
    );
    CREATE INDEX orders_by_state ON orders (state);
    CREATE INDEX orders_by_symbol ON orders (symbol, created_at);

    CREATE TABLE order_events (
      id        INTEGER PRIMARY KEY,
      order_ref TEXT    NOT NULL REFERENCES orders (order_ref) ON DELETE CASCADE,
      time      INTEGER NOT NULL,
      state     TEXT    NOT NULL,
      detail    TEXT    CHECK (detail IS NULL OR json_valid(detail))
    );
    CREATE INDEX order_events_by_ref ON order_events (order_ref, id);

    -- order_ref has no foreign key: executions recovered from the broker may belong to
    -- orders placed outside robotrader (TWS), and they must still be recorded.
    CREATE TABLE fills (
      id           INTEGER PRIMARY KEY,
      exec_id      TEXT    NOT NULL UNIQUE,
      order_ref    TEXT,
      symbol       TEXT    NOT NULL,
      side         TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
      qty          REAL    NOT NULL CHECK (qty > 0),
      price        TEXT    NOT NULL,
      commission   TEXT,
      time         INTEGER NOT NULL,
      realized_pnl TEXT,
      account      TEXT
    );
    CREATE INDEX fills_by_ref ON fills (order_ref);
    CREATE INDEX fills_by_time ON fills (time);

    CREATE TABLE positions (
      account    TEXT    NOT NULL,
      symbol     TEXT    NOT NULL,
      qty        REAL    NOT NULL,
      avg_cost   TEXT    NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (account, symbol)
    ) WITHOUT ROWID;
  `,
};
