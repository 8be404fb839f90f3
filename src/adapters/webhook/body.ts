import type { WebhookSpec } from "../../config/webhook-spec.ts";
import type { NotifyEvent } from "./event.ts";

const ICON: Record<NotifyEvent["level"], string> = { info: "ℹ️", warn: "⚠️", error: "🛑" };

/** Discord refuses content over 2000 characters, Telegram text over 4096, Slack truncates long text. */
const LIMITS = { json: Infinity, slack: 3000, discord: 2000, telegram: 4096 } as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The JSON body one webhook gets for one event: json (generic, every field), slack
 * (`{text}`, mrkdwn), discord (`{content}`, markdown), telegram (`{chat_id, text}`, plain).
 */
export function webhookBody(spec: Pick<WebhookSpec, "format" | "chatId">, e: NotifyEvent): Record<string, unknown> {
  const test = e.test ? "[TEST] " : "";
  const lines = (title: string) => clip(`${ICON[e.level]} ${test}${title}${e.text ? `\n${e.text}` : ""}`, LIMITS[spec.format]);
  switch (spec.format) {
    case "json":
      return { source: "robotrader", kind: e.kind, level: e.level, time: new Date(e.time).toISOString(), title: e.title, text: e.text, test: e.test === true, data: e.data ?? {} };
    case "slack":
      return { text: lines(`*robotrader* ${e.title}`) };
    case "discord":
      return { content: lines(`**robotrader** ${e.title}`), allowed_mentions: { parse: [] } };
    case "telegram":
      return { chat_id: spec.chatId, text: lines(`robotrader: ${e.title}`), disable_web_page_preview: true };
  }
}
