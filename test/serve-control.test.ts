import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { readPause } from "../src/app/control/pause.ts";
import { listControlRequests } from "../src/app/control/requests.ts";
import { startStatusServer, type StatusServer } from "../src/app/serve/serve.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { claimLease } from "../src/adapters/sqlite/lease-repo.ts";
import { quietLog } from "./serve-helpers.ts";

// The page's manual control (close, pause, resume, stop) under the kill switch's rules: POST,
// same origin, JSON; recorded with where it came from.
const dir = mkdtempSync(path.join(tmpdir(), "serve-control-"));
const database = path.join(dir, "robotrader.db");
let server: StatusServer;

beforeAll(() => {
  openDatabase(database).close();
  server = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = {}) => {
  const url = new URL("/api/control", server.url);
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Origin: url.origin, ...headers }, body: JSON.stringify(body) });
};

describe("POST /api/control", () => {
  test("refused from another origin, with a bad body, or without a running runner", async () => {
    expect((await post({ action: "pause" }, { Origin: "http://evil.example" })).status).toBe(403);
    expect((await fetch(new URL("/api/control", server.url))).status).toBe(405);
    const bad = await post({ action: "explode" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("'action' must be close, pause, resume or stop");
    const none = await post({ action: "close", symbol: "AAPL" });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: string }).error).toContain("no runner is running");
  });

  test("pause and resume are recorded as the page's; close and stop become requests for the runner, once", async () => {
    expect((await post({ action: "pause" })).status).toBe(200);
    const db = openDatabase(database);
    try {
      expect(readPause(db)).toMatchObject({ paused: true, by: "page:127.0.0.1" });
      expect((await post({ action: "resume" })).status).toBe(200);
      expect(readPause(db)?.paused).toBe(false);
      claimLease(db, { account: "local", pid: process.pid, host: hostname(), now: Date.now(), leaseMs: 30_000, isAlive: () => true });
      const first = await post({ action: "close", symbol: "AAPL" });
      expect(first.status).toBe(202);
      expect(((await first.json()) as { created: boolean }).created).toBe(true);
      const twice = (await (await post({ action: "close", symbol: "AAPL" })).json()) as { created: boolean };
      expect(twice.created).toBe(false);
      expect((await post({ action: "stop" })).status).toBe(202);
      const requests = listControlRequests(db);
      expect(requests.map((r) => [r.action.kind, r.by, r.state])).toEqual([["close", "page:127.0.0.1", "pending"], ["stop", "page:127.0.0.1", "pending"]]);
    } finally {
      db.close();
    }
  });
});
