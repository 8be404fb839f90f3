import type { Db } from "./db.ts";

/**
 * Manual-control requests (`robotrader close|order|stop`, the status page's buttons) live in
 * the `state` table under "control:<id>", so no migration is needed and a runner in another
 * process reads them with the same poll as the kill switch. Ids sort by creation time.
 */
export const CONTROL_PREFIX = "control:";

export function listControlRows(db: Db): { key: string; value: unknown; updatedAt: number }[] {
  const rows = db
    .query("SELECT key, value, updated_at FROM state WHERE key >= $lo AND key < $hi ORDER BY key")
    .all({ lo: CONTROL_PREFIX, hi: CONTROL_PREFIX.slice(0, -1) + ";" }) as { key: string; value: string; updated_at: number }[];
  return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as unknown, updatedAt: r.updated_at }));
}

/** Deletes the given control rows (finished requests beyond the kept few). */
export function pruneControlRows(db: Db, keys: readonly string[]): void {
  const del = db.query("DELETE FROM state WHERE key = $key");
  for (const key of keys) del.run({ key });
}
