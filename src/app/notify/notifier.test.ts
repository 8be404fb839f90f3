import { afterEach, describe, expect, test } from "bun:test";
import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import { parseWebhookSpec, type WebhookSpec } from "../../config/webhook-spec.ts";
import { Notifier } from "./notifier.ts";

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

/** A receiver that answers `fail` (status) to the first `failures` requests. */
function receiver(failures: number, fail = 503) {
  const got: unknown[] = [];
  let seen = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = await request.json();
      if (seen++ < failures) return new Response("no", { status: fail });
      got.push(body);
      return new Response("ok");
    },
  });
  stops.push(() => server.stop(true));
  const parsed = parseWebhookSpec(`http://127.0.0.1:${server.port}/hook/TOKEN123456`);
  if (!parsed.ok) throw new Error(parsed.message);
  return { spec: parsed.spec as WebhookSpec, got };
}

const event = (i: number): NotifyEvent => ({ kind: "fill", level: "info", title: `fill ${i}`, text: "", time: 0 });

describe("Notifier", () => {
  test("notify returns at once; a failing receiver gets retries and every event arrives in order", async () => {
    const r = receiver(2);
    const n = new Notifier({ webhooks: [r.spec], baseDelayMs: 1, attempts: 5 });
    for (let i = 0; i < 3; i++) n.notify(event(i));
    expect(n.stats()[0]!.sent).toBe(0); // queued, nothing awaited
    await n.close(30_000);
    expect(r.got.map((b) => (b as { title: string }).title)).toEqual(["fill 0", "fill 1", "fill 2"]);
    expect(n.stats()[0]).toMatchObject({ sent: 3, failed: 0, retries: 2, queued: 0, webhook: "json:http://127.0.0.1:" + new URL(r.spec.url).port + "/***" });
  });

  test("after the last attempt an event counts as failed; a 4xx is not retried; the error never shows the URL", async () => {
    const r = receiver(100, 404);
    const n = new Notifier({ webhooks: [r.spec], baseDelayMs: 1, attempts: 3 });
    n.notify(event(1));
    await n.close(30_000);
    expect(n.stats()[0]).toMatchObject({ sent: 0, failed: 1, retries: 0, lastError: "HTTP 404" });
    const dead = parseWebhookSpec("http://127.0.0.1:1/x/TOKEN123456");
    if (!dead.ok) throw new Error(dead.message);
    const m = new Notifier({ webhooks: [dead.spec], baseDelayMs: 1, attempts: 2 });
    m.notify(event(1));
    await m.close(30_000);
    expect(m.stats()[0]).toMatchObject({ failed: 1, retries: 1 });
    expect(m.stats()[0]!.lastError).not.toContain("TOKEN123456");
  });

  test("the queue is bounded: the oldest events are dropped and counted", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const spec = { ...(parseWebhookSpec("http://127.0.0.1:9/x") as { spec: WebhookSpec }).spec };
    const n = new Notifier({ webhooks: [spec], maxQueue: 2, post: async (_s, body) => (await gate, sent.push((body as { title: string }).title), { ok: true, status: 200 }) });
    for (let i = 0; i < 5; i++) n.notify(event(i));
    // fill 0 is in flight; of the four waiting, the two oldest go.
    expect(n.stats()[0]).toMatchObject({ dropped: 2, queued: 2 });
    release();
    await n.close(30_000);
    expect(sent).toEqual(["fill 0", "fill 3", "fill 4"]);
  });
});
