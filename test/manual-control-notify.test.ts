import { afterEach, describe, expect, test } from "bun:test";
import { setPause } from "../src/app/control/pause.ts";
import { readControlRequest, submitControlRequest, type ControlRequest } from "../src/app/control/requests.ts";
import { readNotifyState } from "../src/app/notify/notify-state.ts";
import { setKillSwitch } from "../src/app/runner/kill-switch.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

interface Received {
  readonly path: string;
  readonly body: { kind: string; title: string; data: Record<string, unknown> };
}

/** A webhook receiver on loopback: every JSON POST it gets, in order. */
function receiver(): { url: string; got: Received[]; stop: () => void } {
  const got: Received[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      got.push({ path: new URL(request.url).pathname, body: (await request.json()) as Received["body"] });
      return new Response("ok");
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hook/s3cret-token-abcdef`, got, stop: () => server.stop(true) };
}

describe("manual control and notifications during run --sim", () => {
  test("the webhook gets fills and the kill switch; close SYMBOL flattens exactly once; stop ends the run", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const hook = receiver();
    cleanup.push(hook.stop);
    const run = simSession(testConfig(dir, { notify: { webhooks: [hook.url] } }));
    cleanup.push(() => run.stop());
    const { session } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    const kinds = () => hook.got.map((g) => g.body.kind);
    await until(() => kinds().includes("runner-start"));

    // A held position: the strategy bought.
    let symbol: string | undefined;
    await until(() => (symbol = session.portfolio.positions().find((p) => p.qty > 0)?.symbol) !== undefined);
    await until(() => kinds().includes("fill"));
    expect(hook.got.find((g) => g.body.kind === "fill")!.body.data["symbol"]).toBeString();

    // Pause new entries (so the strategy does not buy it back), then ask twice at once.
    setPause(db, { paused: true, by: "test", now: Date.now() });
    const first = submitControlRequest(db, { action: { kind: "close", symbol: symbol! }, by: "cli:test@here", now: Date.now() });
    const again = submitControlRequest(db, { action: { kind: "close", symbol: symbol! }, by: "cli:test@here", now: Date.now() });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.request.id).toBe(first.request.id);
    let done: ControlRequest | undefined;
    await until(() => (done = readControlRequest(db, first.request.id))?.state === "done");
    expect(done!.by).toBe("cli:test@here");
    // One market order for the whole position; none only when a strategy's market exit was already working.
    const keys = done!.orders ?? [];
    if (keys.length === 0) expect(done!.message).toContain("already closing");
    expect(keys.length).toBeLessThanOrEqual(1);
    for (const key of keys) expect(key).toStartWith(`rt:manual:${symbol}:sell:`);
    await until(() => session.portfolio.qty(symbol!) === 0);
    // Asked again once flat: nothing more is sent.
    const late = submitControlRequest(db, { action: { kind: "close", symbol: symbol! }, by: "cli:test@here", now: Date.now() });
    await until(() => readControlRequest(db, late.request.id)?.state === "done");
    expect(readControlRequest(db, late.request.id)!.message).toContain("already flat");
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE strategy = 'manual'")).toBe(keys.length);
    for (const key of keys) await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE order_ref = $key AND state = 'filled'", { key }) === 1);
    expect(count(db, "SELECT count(*) AS n FROM positions WHERE symbol = $s AND qty <> 0", { s: symbol! })).toBe(0);

    // The kill switch, flipped from "another process" (the store), reaches the webhook.
    setKillSwitch(db, { on: true, reason: "test", by: "cli:test@here", now: Date.now() });
    await until(() => kinds().includes("kill-switch"));
    await until(() => (readNotifyState(db)?.webhooks[0]?.sent ?? 0) >= 3);
    expect(readNotifyState(db)!.webhooks[0]!.webhook).toBe(`json:${new URL(hook.url).origin}/***`);

    const stop = submitControlRequest(db, { action: { kind: "stop" }, by: "page:127.0.0.1", now: Date.now() });
    const summary = await run.summary;
    expect(summary.stopReason).toBe("stop requested by page:127.0.0.1");
    expect(readControlRequest(db, stop.request.id)?.state).toBe("done");
    expect(kinds()).toContain("runner-stop");
    expect(kinds()).toContain("manual-control");
    // Every webhook POST went to the configured path; no body carries the token.
    expect(hook.got.every((g) => g.path === "/hook/s3cret-token-abcdef")).toBe(true);
    expect(JSON.stringify(hook.got.map((g) => g.body))).not.toContain("s3cret");
  }, 120_000);
});
