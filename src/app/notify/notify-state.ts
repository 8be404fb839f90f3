import * as v from "valibot";
import type { Db } from "../../adapters/sqlite/db.ts";
import { getState, setState } from "../../adapters/sqlite/state-repo.ts";
import type { WebhookStats } from "./notifier.ts";

/** The runner's delivery counts per webhook (URLs masked), for `status` and the page in other processes. */
export const NOTIFY_STATE_KEY = "notify";

const StatsSchema = v.object({
  webhook: v.string(), format: v.picklist(["json", "slack", "discord", "telegram"]),
  sent: v.number(), failed: v.number(), dropped: v.number(), retries: v.number(), queued: v.number(),
  lastError: v.nullable(v.string()), lastErrorAt: v.nullable(v.number()), lastSentAt: v.nullable(v.number()),
});
const NotifyStateSchema = v.object({ webhooks: v.array(StatsSchema) });
export type NotifyState = v.InferOutput<typeof NotifyStateSchema> & { readonly updatedAt: number };

export function writeNotifyState(db: Db, webhooks: readonly WebhookStats[], now: number): void {
  setState(db, NOTIFY_STATE_KEY, v.parse(NotifyStateSchema, { webhooks }), now);
}

/** null when no runner ever wrote it (or another version did). */
export function readNotifyState(db: Db): NotifyState | null {
  const row = getState(db, NOTIFY_STATE_KEY);
  const parsed = row ? v.safeParse(NotifyStateSchema, row.value) : undefined;
  return row && parsed?.success ? { ...parsed.output, updatedAt: row.updatedAt } : null;
}

/** "2 webhooks: 41 sent, 3 failed (last: HTTP 500)". */
export function notifySummary(state: NotifyState | null): string {
  if (!state || state.webhooks.length === 0) return "notifications: none configured ([notify] webhooks)";
  const sum = (k: "sent" | "failed" | "dropped" | "queued") => state.webhooks.reduce((n, w) => n + w[k], 0);
  const last = state.webhooks.filter((w) => w.lastErrorAt !== null && w.failed > 0).sort((a, b) => b.lastErrorAt! - a.lastErrorAt!)[0];
  const dropped = sum("dropped") > 0 ? `, ${sum("dropped")} dropped (queue full)` : "";
  const queued = sum("queued") > 0 ? `, ${sum("queued")} queued` : "";
  return `notifications: ${state.webhooks.length} webhook(s), ${sum("sent")} sent, ${sum("failed")} failed${dropped}${queued}${last ? ` (last failure ${last.webhook}: ${last.lastError})` : ""}`;
}
