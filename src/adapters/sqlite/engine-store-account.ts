import type { Fill } from "../../core/fill.ts";
import { money, type Money } from "../../core/money.ts";
import type { Db } from "./db.ts";

/** The local paper account as stored: exact decimals. */
export interface PaperAccountRow {
  readonly account: string;
  /** The cash it was seeded with (run --cash the first time). */
  readonly startingCash: Money;
  readonly cash: Money;
  readonly realizedPnl: Money;
  readonly commissions: Money;
  readonly createdAt: number;
  readonly updatedAt: number;
}

type Raw = { account: string; starting_cash: string; cash: string; realized_pnl: string; commissions: string; created_at: number; updated_at: number };

export function getPaperAccount(db: Db, account: string): PaperAccountRow | undefined {
  const r = db.query("SELECT * FROM paper_accounts WHERE account = $account").get({ account }) as Raw | null;
  return r
    ? { account: r.account, startingCash: money(r.starting_cash), cash: money(r.cash), realizedPnl: money(r.realized_pnl), commissions: money(r.commissions), createdAt: r.created_at, updatedAt: r.updated_at }
    : undefined;
}

/** Creates the account with `cash` unless it exists; returns the stored row and whether it is new. */
export function seedPaperAccount(db: Db, account: string, cash: Money, time: number): { row: PaperAccountRow; created: boolean } {
  const result = db
    .query(
      `INSERT INTO paper_accounts (account, starting_cash, cash, realized_pnl, commissions, created_at, updated_at)
       VALUES ($account, $cash, $cash, '0', '0', $time, $time) ON CONFLICT (account) DO NOTHING`,
    )
    .run({ account, cash: cash.toString(), time });
  return { row: getPaperAccount(db, account)!, created: result.changes > 0 };
}

/**
 * Books one fill on the stored account, by the Portfolio's rules: a buy pays price x qty, a
 * sell receives it, commission is paid either way. Call inside the fill's transaction, once
 * per new fill. False when the account does not exist (nothing changed).
 */
export function bookPaperFill(db: Db, account: string, fill: Fill, realized: Money, time: number): boolean {
  const row = getPaperAccount(db, account);
  if (!row) return false;
  const value = fill.price.times(fill.qty);
  const cash = (fill.side === "buy" ? row.cash.minus(value) : row.cash.plus(value)).minus(fill.commission);
  db.query("UPDATE paper_accounts SET cash = $cash, realized_pnl = $realized, commissions = $commissions, updated_at = $time WHERE account = $account").run({
    account, cash: cash.toString(), realized: row.realizedPnl.plus(realized).toString(), commissions: row.commissions.plus(fill.commission).toString(), time,
  });
  return true;
}

/** The account's equity at the first snapshot of New York trading day `day` (YYYY-MM-DD), if stored. */
export function getDayBaseline(db: Db, account: string, day: string): Money | undefined {
  const r = db.query("SELECT equity FROM day_baselines WHERE account = $account AND day = $day").get({ account, day }) as { equity: string } | null;
  return r ? money(r.equity) : undefined;
}

/** Stores the day's baseline unless one exists (the first snapshot wins); returns the stored one. */
export function setDayBaseline(db: Db, account: string, day: string, equity: Money, time: number): Money {
  db.query("INSERT INTO day_baselines (account, day, equity, time) VALUES ($account, $day, $equity, $time) ON CONFLICT (account, day) DO NOTHING").run({
    account, day, equity: equity.toString(), time,
  });
  return getDayBaseline(db, account, day)!;
}
