import { describe, expect, test } from "bun:test";
import { webhookBody } from "./body.ts";
import type { NotifyEvent } from "./event.ts";

const event: NotifyEvent = { kind: "fill", level: "info", title: "fill: buy 10 AAPL @ 187.2", text: "order rt:x", time: Date.UTC(2026, 11, 4, 15), data: { symbol: "AAPL" } };

describe("webhook bodies", () => {
  test("json carries every field; slack, discord and telegram the shapes their APIs take", () => {
    expect(webhookBody({ format: "json" }, event)).toEqual({ source: "robotrader", kind: "fill", level: "info", time: "2026-12-04T15:00:00.000Z", title: event.title, text: "order rt:x", test: false, data: { symbol: "AAPL" } });
    expect(webhookBody({ format: "slack" }, event)).toEqual({ text: "ℹ️ *robotrader* fill: buy 10 AAPL @ 187.2\norder rt:x" });
    expect(webhookBody({ format: "discord" }, event)).toMatchObject({ content: "ℹ️ **robotrader** fill: buy 10 AAPL @ 187.2\norder rt:x", allowed_mentions: { parse: [] } });
    expect(webhookBody({ format: "telegram", chatId: "42" }, { ...event, test: true })).toMatchObject({ chat_id: "42", text: "ℹ️ [TEST] robotrader: fill: buy 10 AAPL @ 187.2\norder rt:x" });
  });

  test("discord text stays under its 2000-character limit", () => {
    const body = webhookBody({ format: "discord" }, { ...event, text: "x".repeat(5000) }) as { content: string };
    expect(body.content.length).toBe(2000);
  });
});
