import type { Fill } from "../../core/fill.ts";
import { money, ZERO, type Money } from "../../core/money.ts";
import { realizedByFill } from "../../core/realized-pnl.ts";
import { positionAfterFill } from "../../core/reconciliation-position.ts";
import type { Db } from "./db.ts";

/** One strategy's position in one symbol of one account, with what it realized there. */
export interface StrategyPositionRow {
  readonly account: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly qty: number;
  readonly avgCost: Money;
  readonly realizedPnl: Money;
  readonly commissions: Money;
  readonly fills: number;
  readonly updatedAt: number;
}

type Raw = { account: string; strategy: string; symbol: string; qty: number; avg_cost: string; realized_pnl: string; commissions: string; fills: number; updated_at: number };

const toRow = (r: Raw): StrategyPositionRow => ({
  account: r.account, strategy: r.strategy, symbol: r.symbol, qty: r.qty, avgCost: money(r.avg_cost),
  realizedPnl: money(r.realized_pnl), commissions: money(r.commissions), fills: r.fills, updatedAt: r.updated_at,
});

/** Every strategy's rows (flat ones too: they carry realized P&L), by account, strategy, symbol. */
export function listStrategyPositions(db: Db, account?: string): StrategyPositionRow[] {
  const rows = db
    .query("SELECT * FROM strategy_positions WHERE ($account IS NULL OR account = $account) ORDER BY account, strategy, symbol")
    .all({ account: account ?? null }) as Raw[];
  return rows.map(toRow);
}

/**
 * Moves a strategy's position by one fill of its own order. Call inside the transaction that
 * stores the fill (SqliteStore.recordFill), so the two never disagree.
 */
export function applyStrategyFill(db: Db, o: { account: string; strategy: string; fill: Fill; now: number }): void {
  const { fill } = o;
  const raw = db
    .query("SELECT * FROM strategy_positions WHERE account = $account AND strategy = $strategy AND symbol = $symbol")
    .get({ account: o.account, strategy: o.strategy, symbol: fill.symbol }) as Raw | null;
  const row = raw ? toRow(raw) : undefined;
  const before = row && row.qty !== 0 ? { symbol: fill.symbol, qty: row.qty, avgCost: row.avgCost } : undefined;
  const after = positionAfterFill(before, fill);
  const realized = (row?.realizedPnl ?? ZERO).plus(realizedByFill(before, fill));
  db.query(
    `INSERT INTO strategy_positions (account, strategy, symbol, qty, avg_cost, realized_pnl, commissions, fills, updated_at)
     VALUES ($account, $strategy, $symbol, $qty, $avgCost, $realized, $commissions, $fills, $now)
     ON CONFLICT (account, strategy, symbol) DO UPDATE SET qty = excluded.qty, avg_cost = excluded.avg_cost,
       realized_pnl = excluded.realized_pnl, commissions = excluded.commissions, fills = excluded.fills, updated_at = excluded.updated_at`,
  ).run({
    account: o.account, strategy: o.strategy, symbol: fill.symbol, qty: after.qty, avgCost: after.avgCost.toString(),
    realized: realized.toString(), commissions: (row?.commissions ?? ZERO).plus(fill.commission).toString(), fills: (row?.fills ?? 0) + 1, now: o.now,
  });
}
