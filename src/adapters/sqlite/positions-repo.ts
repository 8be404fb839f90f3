import type { Position } from "../../core/position.ts";
import { money } from "../../core/money.ts";
import { durableTransaction, type Db } from "./db.ts";

export interface PositionRow extends Position {
  readonly account: string;
  readonly updatedAt: number;
}

type Raw = { account: string; symbol: string; qty: number; avg_cost: string; updated_at: number };
const toPosition = (r: Raw): PositionRow => ({ account: r.account, symbol: r.symbol, qty: r.qty, avgCost: money(r.avg_cost), updatedAt: r.updated_at });

/** Open positions of one account (local paper/sim runs use account ""), by symbol. */
export function getPositions(db: Db, account: string): PositionRow[] {
  return (db.query("SELECT * FROM positions WHERE account = $account ORDER BY symbol").all({ account }) as Raw[]).map(toPosition);
}

export function getPosition(db: Db, account: string, symbol: string): PositionRow | undefined {
  const row = db.query("SELECT * FROM positions WHERE account = $account AND symbol = $symbol").get({ account, symbol }) as Raw | null;
  return row ? toPosition(row) : undefined;
}

/** Stores a position; qty 0 removes the row (flat means no position). */
export function setPosition(db: Db, account: string, position: Position, updatedAt = Date.now()): void {
  durableTransaction(db, () => {
    if (position.qty === 0) {
      db.query("DELETE FROM positions WHERE account = $account AND symbol = $symbol").run({ account, symbol: position.symbol });
      return;
    }
    db.query(
      `INSERT INTO positions (account, symbol, qty, avg_cost, updated_at) VALUES ($account, $symbol, $qty, $avgCost, $updatedAt)
       ON CONFLICT (account, symbol) DO UPDATE SET qty = excluded.qty, avg_cost = excluded.avg_cost, updated_at = excluded.updated_at`,
    ).run({ account, symbol: position.symbol, qty: position.qty, avgCost: position.avgCost.toString(), updatedAt });
  });
}
