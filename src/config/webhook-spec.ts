/**
 * A `[notify] webhooks` entry: "URL" or "FORMAT:URL" with FORMAT one of json (the default),
 * slack, discord, telegram. Without a prefix the format follows the host: hooks.slack.com is
 * slack, discord.com/api/webhooks is discord, api.telegram.org is telegram. A Telegram URL is
 * the bot's sendMessage with the chat: https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<ID>.
 * Paths and queries carry tokens, so a webhook is only ever shown masked (`shown`).
 */
export const WEBHOOK_FORMATS = ["json", "slack", "discord", "telegram"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface WebhookSpec {
  readonly format: WebhookFormat;
  readonly url: string;
  /** scheme://host/*** with the format: safe for logs, `config show`, `status` and the page. */
  readonly shown: string;
  /** The parts to mask wherever they appear in free text (path, query values). */
  readonly secrets: readonly string[];
  /** Telegram: the chat the bot writes to. */
  readonly chatId?: string;
}

export const WEBHOOK_EXPECTED = "a webhook URL (http:// or https://), optionally prefixed json:, slack:, discord: or telegram: (Telegram: https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<ID>)";

export function parseWebhookSpec(text: string): { ok: true; spec: WebhookSpec } | { ok: false; message: string } {
  const m = /^(json|slack|discord|telegram):(?=https?:)/i.exec(text.trim());
  const raw = m ? text.trim().slice(m[0].length) : text.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `not a URL: expected ${WEBHOOK_EXPECTED}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, message: `only http:// and https:// webhooks are supported, got ${url.protocol}` };
  const format = (m?.[1]?.toLowerCase() as WebhookFormat | undefined) ?? detectFormat(url);
  const chatId = url.searchParams.get("chat_id") ?? undefined;
  if (format === "telegram" && !chatId) return { ok: false, message: "a Telegram webhook needs the chat: https://api.telegram.org/bot<TOKEN>/sendMessage?chat_id=<ID>" };
  const secrets = [url.pathname.length > 1 ? url.pathname : "", url.search, url.username, url.password, ...[...url.searchParams.values()]].filter((s) => s.length >= 4);
  for (const part of url.pathname.split("/")) if (part.length >= 8) secrets.push(part.replace(/^bot/, ""), part);
  return { ok: true, spec: { format, url: url.href, shown: maskWebhookUrl(url.href, format), secrets: [...new Set(secrets)], ...(chatId ? { chatId } : {}) } };
}

function detectFormat(url: URL): WebhookFormat {
  const host = url.hostname.toLowerCase();
  if (host === "hooks.slack.com") return "slack";
  if ((host === "discord.com" || host === "discordapp.com") && url.pathname.startsWith("/api/webhooks")) return "discord";
  if (host === "api.telegram.org") return "telegram";
  return "json";
}

/** "slack:https://hooks.slack.com/***": the scheme, host and port only; path, query and user hidden. */
export function maskWebhookUrl(text: string, format?: WebhookFormat): string {
  try {
    const url = new URL(text.replace(/^(json|slack|discord|telegram):(?=https?:)/i, ""));
    const hidden = url.pathname.length > 1 || url.search !== "" || url.username !== "" ? "/***" : "/";
    return `${format ? `${format}:` : ""}${url.protocol}//${url.host}${hidden}`;
  } catch {
    return "(not a URL)";
  }
}
