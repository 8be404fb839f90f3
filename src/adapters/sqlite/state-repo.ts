import type { Db } from "./db.ts";

/**
 * Small named values shared between processes (the `state` table), stored as JSON:
 * e.g. "kill-switch" -> { on: true, by: "cli", reason: "..." }. A runner polls them.
 */
export function getState(db: Db, key: string): { value: unknown; updatedAt: number } | undefined {
  const row = db.query("SELECT value, updated_at FROM state WHERE key = $key").get({ key }) as { value: string; updated_at: number } | null;
  return row ? { value: JSON.parse(row.value), updatedAt: row.updated_at } : undefined;
}

export function setState(db: Db, key: string, value: unknown, updatedAt = Date.now()): void {
  db.query(
    `INSERT INTO state (key, value, updated_at) VALUES ($key, $value, $updatedAt)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ key, value: JSON.stringify(value ?? null), updatedAt });
}

export function deleteState(db: Db, key: string): void {
  db.query("DELETE FROM state WHERE key = $key").run({ key });
}
