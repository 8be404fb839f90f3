import type { Db } from "../../adapters/sqlite/db.ts";
import { seedPaperAccount, type PaperAccountRow } from "../../adapters/sqlite/engine-store-account.ts";
import { money, type Money } from "../../core/money.ts";
import type { Logger } from "../../log/logger.ts";

/** Seeds a brand-new paper account when --cash is not given. */
export const DEFAULT_PAPER_CASH = 100_000;

/**
 * The local paper account for a run: the stored one (cash, realized P&L and commissions
 * carried over from earlier runs, moved by every paper fill), or a new one seeded with
 * `--cash`. A `--cash` that differs from an existing account's seed is a warning, never a
 * silent reset: positions from earlier runs were paid from that account's cash.
 */
export function openPaperAccount(o: { readonly db: Db; readonly account: string; readonly cash: number | undefined; readonly log: Logger; readonly now: number }): PaperAccountRow {
  const seed: Money = money(o.cash ?? DEFAULT_PAPER_CASH);
  const { row, created } = seedPaperAccount(o.db, o.account, seed, o.now);
  const usd = (m: Money) => `${m.toFixed(2)} USD`;
  if (created) {
    o.log.info(`paper account: new, seeded with ${usd(seed)}${o.cash === undefined ? " (the default; --cash sets it)" : " (--cash)"}`);
    return row;
  }
  o.log.info(
    `paper account: continuing from the database (opened ${new Date(row.createdAt).toISOString()} with ${usd(row.startingCash)}): ` +
      `cash ${usd(row.cash)}, realized P&L ${usd(row.realizedPnl)}, commissions ${usd(row.commissions)}`,
  );
  if (o.cash !== undefined && !seed.eq(row.startingCash)) {
    o.log.warn(`--cash ${usd(seed)} ignored: the paper account already exists (seeded with ${usd(row.startingCash)}); --cash only seeds a new paper account. Use another data_dir for a fresh one`);
  }
  return row;
}
