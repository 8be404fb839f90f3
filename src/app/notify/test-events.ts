import { NOTIFY_KINDS, type NotifyEvent, type NotifyKind } from "../../adapters/webhook/event.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";
import { buildNotifier } from "./build.ts";
import type { WebhookStats } from "./notifier.ts";

const SAMPLES: Record<NotifyKind, Omit<NotifyEvent, "kind" | "time" | "test">> = {
  fill: { level: "info", title: "fill: buy 10 AAPL @ 187.20", text: "order rt:sma-cross:AAPL:buy:1733500800000, commission 1.00 USD", data: { symbol: "AAPL", side: "buy", qty: 10, price: "187.20" } },
  refusal: { level: "warn", title: "order refused (max-position-value): buy 100 NVDA", text: "position value 14,000 USD would exceed risk.max_position_value 10,000 USD", data: { symbol: "NVDA", rule: "max-position-value" } },
  "kill-switch": { level: "warn", title: "kill-switch: kill switch on: new orders are blocked (by cli:alice@mac)", text: "" },
  "circuit-breaker": { level: "error", title: "circuit breaker OPEN: new orders stopped", text: "5 failures in a row (market data AAPL: IB 162)" },
  disconnect: { level: "warn", title: "connection to the gateway dropped; reconnecting", text: "" },
  reconnect: { level: "info", title: "reconnected to the gateway; reconciling", text: "" },
  reconciliation: { level: "warn", title: "reconciliation: position mismatch TSLA: database 10, IB 0", text: "TSLA is blocked for new orders until it is resolved" },
  "order-in-doubt": { level: "error", title: "order-in-doubt: rt:sma-cross:MSFT:sell:1733500800000 was sent, IB shows no trace", text: "never re-sent; MSFT blocked until IB shows it or 'robotrader reconcile accept --symbol MSFT'" },
  "fill-conflict": { level: "error", title: "fill-conflict: exec id 0000e0d5.6553.01.01 arrived again with other content", text: "stored as a separate execution" },
  "runner-start": { level: "info", title: "runner started: run 42, sma-cross on AAPL, MSFT", text: "broker paper, 5m bars" },
  "runner-stop": { level: "info", title: "runner stopped: SIGTERM", text: "" },
  "runner-crash": { level: "error", title: "runner FAILED: fatal: runner lock lost", text: "" },
  "daily-summary": { level: "info", title: "daily summary 2026-12-04: 6 fill(s), realized P&L 123.45 USD", text: "equity 100123.45 USD (day start 100000.00)\npositions: flat" },
  "manual-control": { level: "info", title: "manual-control: close AAPL requested by cli:alice@mac", text: "" },
};

/** One sample of every kind of notification, each marked as a test. */
export function testEvents(now: number): NotifyEvent[] {
  return NOTIFY_KINDS.map((kind) => ({ ...SAMPLES[kind], kind, time: now, test: true }));
}

/** `notify test`: sends one of each to every configured webhook, waits (bounded) and returns each webhook's counts. */
export async function sendTestNotifications(config: Pick<AppConfig, "notify">, log: Logger, o: { waitMs: number; attempts?: number }): Promise<{ events: number; webhooks: WebhookStats[] }> {
  if (config.notify.webhooks.length === 0) {
    throw new UserError("no webhooks configured: add [notify] webhooks = [\"https://...\"] to robotrader.toml or set ROBOTRADER_NOTIFY_WEBHOOKS");
  }
  const notifier = buildNotifier(config, log, { attempts: o.attempts ?? 2, baseDelayMs: 500 });
  const events = testEvents(Date.now());
  for (const e of events) notifier.notify(e);
  await notifier.close(o.waitMs);
  return { events: events.length, webhooks: notifier.stats() };
}
