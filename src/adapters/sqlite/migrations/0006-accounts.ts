import type { Migration } from "../migrate.ts";

/**
 * The local paper account outlives the runner: its cash, realized P&L and commissions move
 * with every paper fill (in the fill's transaction), and a restart continues from them.
 * `day_baselines`: each account's equity at the first snapshot of a New York trading day,
 * the daily loss limit's baseline, so a restart during the day keeps it.
 */
export const accounts: Migration = {
  version: 6,
  name: "paper accounts and daily loss baselines",
  sql: `
    CREATE TABLE paper_accounts (
      account       TEXT    PRIMARY KEY,
      starting_cash TEXT    NOT NULL,
      cash          TEXT    NOT NULL,
      realized_pnl  TEXT    NOT NULL,
      commissions   TEXT    NOT NULL,
      created_at    INTEGER NOT NULL,
      updated_at    INTEGER NOT NULL
    );
    CREATE TABLE day_baselines (
      account TEXT    NOT NULL,
      day     TEXT    NOT NULL,
      equity  TEXT    NOT NULL,
      time    INTEGER NOT NULL,
      PRIMARY KEY (account, day)
    );
  `,
};
