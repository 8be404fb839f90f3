import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MAX_MALFORMED, TOPICS } from "../src/adapters/http/ws-protocol.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { startStatusServer, type StatusServer } from "../src/app/serve/serve.ts";
import { quietLog, startFixtureRunner, type FixtureRunner } from "./serve-helpers.ts";

// Live updates: topic snapshots over the WebSocket, pushed when another process commits;
// malformed client frames are ignored and, past a limit, the socket is closed politely.
const dir = mkdtempSync(path.join(tmpdir(), "serve-ws-"));
const database = path.join(dir, "robotrader.db");
let runner: FixtureRunner;
let server: StatusServer;

beforeAll(async () => {
  openDatabase(database).close();
  runner = await startFixtureRunner(database);
  server = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
});

afterAll(async () => {
  await server?.stop();
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Msg = { type: string; topic?: string; data?: any; serverTime?: number };

/** A page-like client that keeps every message and can wait for one. */
class Client {
  readonly ws: WebSocket;
  readonly messages: Msg[] = [];
  closed: { code: number; reason: string } | undefined;
  #waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve) => (this.ws.onopen = () => resolve()));
    this.ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as Msg;
      this.messages.push(m);
      for (const w of this.#waiters.filter((w) => w.pred(m))) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(m);
      }
    };
    this.ws.onclose = (e) => (this.closed = { code: e.code, reason: e.reason });
  }

  /** The first message (already received or coming) matching `pred` after index `from`. */
  next(pred: (m: Msg) => boolean, from = 0, timeoutMs = 5000): Promise<Msg> {
    const seen = this.messages.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }
}

const wsUrl = () => server.url.replace("http:", "ws:") + "ws";

describe("WebSocket live updates", () => {
  test("a new socket gets hello and a snapshot of every topic", async () => {
    const c = new Client(wsUrl());
    await c.next((m) => m.type === "topic" && m.topic === "runs");
    expect(c.messages[0]!.type).toBe("hello");
    const topics = new Set(c.messages.filter((m) => m.type === "topic").map((m) => m.topic));
    expect([...topics].sort()).toEqual([...TOPICS].sort());
    const status = c.messages.find((m) => m.topic === "status")!.data;
    expect(status.runner.state).toBe("running");
    c.ws.close();
  });

  test("a fill committed by the runner process reaches the socket within a second: trades, positions, orders", async () => {
    const c = new Client(wsUrl());
    await c.next((m) => m.topic === "runs");
    const from = c.messages.length;
    runner.send("fill AMD buy 12 150.40");
    const fill = await runner.events.next((e) => e["event"] === "fill" && e["symbol"] === "AMD");
    const committedAt = fill["committedAt"] as number;
    const trades = await c.next((m) => m.topic === "trades" && m.data.recent.some((t: any) => t.execId === fill["execId"]), from, 1000);
    const positions = await c.next((m) => m.topic === "positions" && m.data.some((p: any) => p.symbol === "AMD"), from, 1000);
    const orders = await c.next((m) => m.topic === "orders" && m.data.recent.some((o: any) => o.orderRef === fill["key"] && o.state === "filled"), from, 1000);
    for (const m of [trades, positions, orders]) expect(m.serverTime! - committedAt).toBeLessThan(1000);
    const amd = positions.data.find((p: any) => p.symbol === "AMD");
    expect([amd.qty, amd.avgCost]).toEqual([12, "150.4"]);
    expect(trades.data.recent[0].price).toBe("150.4"); // decimals as stored (big.js normal form)
    c.ws.close();
  });

  test("unchanged topics are not sent again", async () => {
    const c = new Client(wsUrl());
    await c.next((m) => m.topic === "runs");
    const first = c.messages.length;
    await Bun.sleep(600); // a few polls with only metric snapshots moving
    const again = c.messages.slice(first).filter((m) => m.topic === "signals" || m.topic === "runs" || m.topic === "equity");
    expect(again).toEqual([]);
    c.ws.close();
  });

  test("malformed messages are ignored; the socket keeps working; past the limit it is closed with a reason", async () => {
    const c = new Client(wsUrl());
    await c.opened;
    const junk: (string | ArrayBuffer)[] = ["not json", "{", "[]", "null", "42", JSON.stringify({ type: "nope" }), JSON.stringify({ type: "ping", extra: 1 }), new Uint8Array([1, 2, 3]).buffer, "x".repeat(2000)];
    for (const j of junk) c.ws.send(j);
    c.ws.send(JSON.stringify({ type: "ping" }));
    const pong = await c.next((m) => m.type === "pong");
    expect(typeof pong.serverTime).toBe("number");
    const before = c.messages.length;
    c.ws.send(JSON.stringify({ type: "refresh" }));
    await c.next((m) => m.topic === "runs", before);
    for (let i = junk.length; i < MAX_MALFORMED; i++) c.ws.send("garbage");
    await new Promise((resolve) => {
      const t = setInterval(() => c.closed && (clearInterval(t), resolve(null)), 10);
    });
    expect(c.closed).toEqual({ code: 1008, reason: "too many malformed messages" });
    // The server is fine: a new socket still gets its snapshot.
    const d = new Client(wsUrl());
    expect((await d.next((m) => m.topic === "status")).data.store.state).toBe("ok");
    d.ws.close();
  });

  test("an oversized frame closes only that socket", async () => {
    const c = new Client(wsUrl());
    await c.opened;
    c.ws.send("y".repeat(64 * 1024));
    await new Promise((resolve) => {
      const t = setInterval(() => c.closed && (clearInterval(t), resolve(null)), 10);
    });
    expect(c.closed!.code).not.toBe(1000);
    expect((await fetch(new URL("/api/status", server.url))).status).toBe(200);
  });

  test("when the runner stops, the status topic says so, with the time", async () => {
    const c = new Client(wsUrl());
    await c.next((m) => m.topic === "status");
    runner.send("stop");
    const stopped = await runner.events.next((e) => e["event"] === "stopped");
    const status = await c.next((m) => m.topic === "status" && m.data.runner.state === "stopped", 0, 2000);
    expect(status.data.runner.exitReason).toBe("SIGINT");
    expect(status.data.runner.since).toBeLessThanOrEqual(stopped["at"] as number);
    expect(status.data.runner.since).toBeGreaterThan((stopped["at"] as number) - 1000);
    expect(status.data.connection.current).toBe(false);
    c.ws.close();
  });
});
