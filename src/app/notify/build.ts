import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import type { AppConfig } from "../../config/schema.ts";
import { parseWebhookSpec, type WebhookSpec } from "../../config/webhook-spec.ts";
import type { Logger } from "../../log/logger.ts";
import { Notifier, type NotifierOptions } from "./notifier.ts";

/** The configured webhooks (checked by the config schema already). */
export function webhookSpecs(config: Pick<AppConfig, "notify">): WebhookSpec[] {
  return config.notify.webhooks.flatMap((w) => {
    const parsed = parseWebhookSpec(w);
    return parsed.ok ? [parsed.spec] : [];
  });
}

export function buildNotifier(config: Pick<AppConfig, "notify">, log: Logger, extra: Partial<NotifierOptions> = {}): Notifier {
  return new Notifier({ webhooks: webhookSpecs(config), log, ...extra });
}

export function runnerEvent(kind: "runner-start" | "runner-stop" | "runner-crash", title: string, text: string, data: Record<string, unknown>): NotifyEvent {
  return { kind, level: kind === "runner-crash" ? "error" : "info", title, text, time: Date.now(), data };
}
