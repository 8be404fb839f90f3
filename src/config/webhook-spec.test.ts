import { describe, expect, test } from "bun:test";
import { maskWebhookUrl, parseWebhookSpec } from "./webhook-spec.ts";

const ok = (text: string) => {
  const r = parseWebhookSpec(text);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
};

describe("webhook specs", () => {
  test("the format follows a prefix, else the host; json by default", () => {
    expect(ok("https://example.com/hook").format).toBe("json");
    expect(ok("https://hooks.slack.com/services/T0/B0/XyZsecretValue").format).toBe("slack");
    expect(ok("https://discord.com/api/webhooks/123/tokenTOKENtoken").format).toBe("discord");
    expect(ok("https://api.telegram.org/bot123456:ABCdefSECRET/sendMessage?chat_id=42").format).toBe("telegram");
    expect(ok("slack:http://127.0.0.1:9000/relay").format).toBe("slack");
    expect(ok("DISCORD:https://relay.example/x").format).toBe("discord");
  });

  test("Telegram needs its chat id; only http(s) URLs", () => {
    expect(ok("https://api.telegram.org/botTOKEN12345/sendMessage?chat_id=-100123").chatId).toBe("-100123");
    expect(parseWebhookSpec("https://api.telegram.org/botTOKEN/sendMessage")).toMatchObject({ ok: false, message: expect.stringContaining("chat_id") });
    expect(parseWebhookSpec("ftp://example.com/x")).toMatchObject({ ok: false });
    expect(parseWebhookSpec("hooks.slack.com/x")).toMatchObject({ ok: false, message: expect.stringContaining("not a URL") });
  });

  test("shown forms hide path, query and user; the secrets list holds the token parts", () => {
    const slack = ok("https://hooks.slack.com/services/T0/B0/XyZsecretValue");
    expect(slack.shown).toBe("slack:https://hooks.slack.com/***");
    expect(slack.secrets).toContain("XyZsecretValue");
    const tg = ok("https://api.telegram.org/bot123456:ABCdefSECRET/sendMessage?chat_id=42");
    expect(tg.shown).toBe("telegram:https://api.telegram.org/***");
    expect(tg.secrets).toContain("123456:ABCdefSECRET");
    expect(maskWebhookUrl("https://user:pw@example.com:8443/")).toBe("https://example.com:8443/***");
    expect(maskWebhookUrl("http://127.0.0.1:9000/")).toBe("http://127.0.0.1:9000/");
  });
});
