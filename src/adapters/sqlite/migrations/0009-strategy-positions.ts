import type { Migration } from "../migrate.ts";

/**
 * Positions per strategy beside the account's (several strategies may trade one symbol): each
 * strategy's signed shares, cost basis, realized P&L and commissions, moved by the fills of its
 * own orders in the fill's transaction. A flat strategy keeps its row (its realized P&L stays).
 * Fills stored before this version are not attributed (their strategy's row starts empty).
 */
export const strategyPositions: Migration = {
  version: 9,
  name: "positions per strategy",
  sql: `
    CREATE TABLE strategy_positions (
      account      TEXT    NOT NULL,
      strategy     TEXT    NOT NULL,
      symbol       TEXT    NOT NULL,
      qty          REAL    NOT NULL,
      avg_cost     TEXT    NOT NULL,
      realized_pnl TEXT    NOT NULL,
      commissions  TEXT    NOT NULL,
      fills        INTEGER NOT NULL,
      updated_at   INTEGER NOT NULL,
      PRIMARY KEY (account, strategy, symbol)
    ) WITHOUT ROWID;
  `,
};
