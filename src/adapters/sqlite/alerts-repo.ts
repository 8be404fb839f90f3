import type { Db } from "./db.ts";

export type AlertLevel = "info" | "warn" | "error";

/** Something a trader should see on the status page: a refusal, a take-over, a kill switch change. */
export interface Alert {
  readonly time: number;
  readonly level: AlertLevel;
  /** Short machine-readable kind: "kill-switch", "runner-lock", "refused-order", ... */
  readonly kind: string;
  readonly message: string;
  readonly detail?: unknown;
}

export interface AlertRow extends Alert {
  readonly id: number;
  readonly detail: unknown;
}

type Raw = { id: number; time: number; level: AlertLevel; kind: string; message: string; detail: string | null };

/** Appends an alert; joins the caller's transaction when there is one. Returns its id. */
export function insertAlert(db: Db, alert: Alert): number {
  const result = db
    .query("INSERT INTO alerts (time, level, kind, message, detail) VALUES ($time, $level, $kind, $message, $detail)")
    .run({
      time: alert.time, level: alert.level, kind: alert.kind, message: alert.message,
      detail: alert.detail === undefined ? null : JSON.stringify(alert.detail),
    });
  return Number(result.lastInsertRowid);
}

/** Newest first; `since` is inclusive; `kinds` keeps only those kinds. */
export function listAlerts(db: Db, filter: { since?: number; kinds?: readonly string[]; limit?: number } = {}): AlertRow[] {
  const rows = db
    .query(
      `SELECT * FROM alerts WHERE ($since IS NULL OR time >= $since)
         AND ($kinds IS NULL OR kind IN (SELECT value FROM json_each($kinds)))
       ORDER BY time DESC, id DESC LIMIT $limit`,
    )
    .all({ since: filter.since ?? null, kinds: filter.kinds ? JSON.stringify(filter.kinds) : null, limit: filter.limit ?? 100 }) as Raw[];
  return rows.map((r) => ({ id: r.id, time: r.time, level: r.level, kind: r.kind, message: r.message, detail: r.detail === null ? null : JSON.parse(r.detail) }));
}

/** The newest alert's id (0 when none): a reader that tails the log starts after it. */
export function lastAlertId(db: Db): number {
  return (db.query("SELECT coalesce(max(id), 0) AS id FROM alerts").get() as { id: number }).id;
}

/** Alerts written after `id`, oldest first, at most `limit`. */
export function alertsAfter(db: Db, id: number, limit = 100): AlertRow[] {
  const rows = db.query("SELECT * FROM alerts WHERE id > $id ORDER BY id LIMIT $limit").all({ id, limit }) as Raw[];
  return rows.map((r) => ({ id: r.id, time: r.time, level: r.level, kind: r.kind, message: r.message, detail: r.detail === null ? null : JSON.parse(r.detail) }));
}
