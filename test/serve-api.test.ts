import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listAlerts } from "../src/adapters/sqlite/alerts-repo.ts";
import { openDatabase, type Db } from "../src/adapters/sqlite/db.ts";
import { listFills } from "../src/adapters/sqlite/fills-repo.ts";
import { latestMetrics } from "../src/adapters/sqlite/metrics-repo.ts";
import { MIGRATIONS } from "../src/adapters/sqlite/migrations/index.ts";
import { saveBacktestRun } from "../src/adapters/sqlite/runs-repo.ts";
import { getState } from "../src/adapters/sqlite/state-repo.ts";
import { listAllPositions } from "../src/adapters/sqlite/status-repo.ts";
import { startStatusServer, type StatusServer } from "../src/app/serve/serve.ts";
import { sessionAt } from "../src/core/calendar/index.ts";
import { money } from "../src/core/money.ts";
import { quietLog, startFixtureRunner, type FixtureRunner } from "./serve-helpers.ts";

// The JSON API against a store written by a stand-in runner in another process (through the
// real repositories), read by `serve` in this one.
const dir = mkdtempSync(path.join(tmpdir(), "serve-api-"));
const database = path.join(dir, "data", "robotrader.db");
let runner: FixtureRunner;
let server: StatusServer;
let reader: Db;
let reportRunId: number;
const reportFile = path.join(dir, "report.html");

const get = async (p: string, init?: RequestInit) => {
  const response = await fetch(new URL(p, server.url), init);
  return { response, body: (await response.json()) as any };
};

beforeAll(async () => {
  openDatabase(database).close();
  runner = await startFixtureRunner(database);
  const db = openDatabase(database);
  writeFileSync(reportFile, "<!doctype html><title>report</title><style>body{color:red}</style><h1>SPX</h1>");
  reportRunId = saveBacktestRun(db, { params: { strategy: "sma-cross", symbols: ["SPX"], report: reportFile }, stats: { totalReturn: 0.42, sharpe: 1.1, trades: 3 }, trades: [], equity: [] });
  db.close();
  reader = openDatabase(database, { readonly: true });
  server = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog() });
});

afterAll(async () => {
  await server?.stop();
  await runner?.close();
  reader?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("JSON API from the store", () => {
  test("/api/status: runner, mode, connection, kill switch and market session as stored", async () => {
    const { response, body } = await get("/api/status");
    expect(response.status).toBe(200);
    expect(body.store.state).toBe("ok");
    expect(body.mode).toBe("sim");
    expect(body.runner.state).toBe("running");
    expect(body.runner.pid).toBe(runner.proc.pid);
    expect(body.runner.strategy).toBe("sma-cross");
    expect(body.connection.state).toBe("connected");
    expect(body.connection.reconnects).toBe(1);
    expect(body.connection.farms.map((f: any) => f.farm)).toEqual(["usfarm", "ushmds"]);
    expect(body.killSwitch).toEqual({ on: false, reason: null, at: null, by: null });
    expect(body.circuitBreaker.status).toBe("closed");
    expect(body.reconciliation.ok).toBe(true);
    expect(body.market.session).toBe(sessionAt(Date.now()).session);
    expect(body.market.nextOpen).toBe(sessionAt(Date.now()).nextOpen);
  });

  test("/api/positions equal the positions table, valued at the runner's last prices", async () => {
    const { body } = await get("/api/positions");
    const prices = getState(reader, "last-prices")!.value as Record<string, { price: number }>;
    const stored = listAllPositions(reader);
    expect(body.map((p: any) => [p.symbol, p.qty, p.avgCost])).toEqual(stored.map((p) => [p.symbol, p.qty, p.avgCost.toString()]));
    for (const p of body) {
      const last = prices[p.symbol]!.price;
      expect(p.lastPrice).toBe(last);
      expect(p.unrealizedPnl).toBe(money(last).minus(p.avgCost).times(p.qty).round(2).toString());
      expect(p.marketValue).toBe(money(last).times(p.qty).round(2).toString());
    }
    expect(body.find((p: any) => p.symbol === "AAPL").qty).toBe(6);
  });

  test("/api/orders: working orders, recent ones, and refusals with their reasons", async () => {
    runner.send("open NVDA buy 7");
    await runner.events.next((e) => e["event"] === "open");
    const { body } = await get("/api/orders");
    expect(body.open.map((o: any) => [o.symbol, o.state, o.qty, o.limitPrice])).toEqual([["NVDA", "acknowledged", 7, "150"]]);
    expect(body.recent.length).toBe(5);
    expect(body.refused.map((o: any) => [o.symbol, o.state, o.lastError])).toEqual([["TSLA", "rejected", "max-order-value: 25000 > limit 10000"]]);
  });

  test("/api/trades searches by text, symbol and time, newest first, with the total", async () => {
    const fills = listFills(reader);
    const all = await get("/api/trades");
    expect(all.body.total).toBe(fills.length);
    expect(all.body.trades.map((t: any) => t.execId)).toEqual(fills.map((f) => f.execId).reverse());
    const sell = all.body.trades.find((t: any) => t.side === "sell");
    expect(sell.realizedPnl).toBe("10"); // (182.75 - 180.25) * 4
    expect((await get("/api/trades?symbol=aapl")).body.trades.map((t: any) => t.symbol)).toEqual(["AAPL", "AAPL"]);
    expect((await get("/api/trades?q=MSFT")).body.total).toBe(1);
    const first = fills[0]!;
    expect((await get(`/api/trades?q=${encodeURIComponent(first.execId)}`)).body.trades.map((t: any) => t.execId)).toEqual([first.execId]);
    const limited = await get("/api/trades?limit=1");
    expect([limited.body.trades.length, limited.body.total]).toEqual([1, fills.length]);
    expect((await get(`/api/trades?from=${first.time + 1}`)).body.total).toBe(fills.filter((f) => f.time >= first.time + 1).length);
    expect((await get(`/api/trades?to=${first.time}`)).body.total).toBe(0);
    expect((await get("/api/trades?from=2000-01-01&to=2000-01-02")).body.total).toBe(0);
  });

  test("bad search parameters are refused with a message naming the parameter", async () => {
    for (const [query, expected] of [
      ["limit=abc", "limit: expected a whole number"],
      ["limit=0", "limit: at least 1"],
      ["limit=5000", "limit: at most 1000"],
      ["from=yesterday", "from: expected a date"],
      ["to=2026-13-45", "to: not a valid time"],
      ["symbol=$$$", "symbol: expected a ticker"],
    ] as const) {
      const { response, body } = await get(`/api/trades?${query}`);
      expect([query, response.status, body.error]).toEqual([query, 400, expect.stringContaining(expected)]);
    }
  });

  test("/api/equity, /api/metrics, /api/signals, /api/alerts, /api/runs", async () => {
    const equity = (await get("/api/equity")).body;
    const lastRow = reader.query("SELECT time, equity, cash FROM equity_snapshots ORDER BY time DESC LIMIT 1").get() as any;
    expect(equity.count).toBe(30);
    expect(equity.points.length).toBe(30);
    expect([equity.latest.time, equity.latest.equity, equity.latest.cash]).toEqual([lastRow.time, lastRow.equity, lastRow.cash]);

    // Stored first: a snapshot may land between the two reads, and the API's must be at least as new.
    const stored = latestMetrics(reader)!;
    const metrics = (await get("/api/metrics")).body;
    expect(metrics.latest.time).toBeGreaterThanOrEqual(stored.time);
    expect(metrics.latest.latency["data-to-signal"].total.count).toBe(20);
    expect(metrics.latency["data-to-signal"].length).toBeGreaterThan(0);
    expect(Object.keys(metrics.throughput)).toEqual(expect.arrayContaining(["bars", "orders"]));

    const signals = (await get("/api/signals")).body;
    expect(signals).toEqual([{ time: expect.any(Number), strategy: "sma-cross", symbol: "AAPL", kind: "long", value: { fast: 181.2, slow: 179.9 } }]);

    const alerts = (await get("/api/alerts")).body;
    expect(alerts.map((a: any) => a.message)).toEqual(listAlerts(reader, { limit: 100 }).map((a) => a.message));
    expect(alerts.some((a: any) => a.kind === "refused-order")).toBe(true);

    const runs = (await get("/api/runs")).body;
    const backtest = runs.find((r: any) => r.id === reportRunId);
    expect(backtest.report).toEqual({ path: reportFile, exists: true });
    expect(backtest.stats.totalReturn).toBe(0.42);
    expect(runs.some((r: any) => r.kind === "sim" && r.status === "running")).toBe(true);
  });

  test("a saved backtest report is served sandboxed; a run without one is 404", async () => {
    const response = await fetch(new URL(`/api/runs/${reportRunId}/report`, server.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<h1>SPX</h1>");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await fetch(new URL(`/api/runs/99999/report`, server.url))).status).toBe(404);
  });

  test("security headers on the page and the API; only GET; unknown paths are 404 JSON", async () => {
    for (const p of ["/", "/api/status", "/js/app.js", "/style.css"]) {
      const response = await fetch(new URL(p, server.url));
      expect([p, response.status]).toEqual([p, 200]);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    const page = await (await fetch(server.url)).text();
    expect(page).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>[^<]/); // no inline script
    // Nothing from the network; the one absolute URL is the chart library's attribution link (a plain <a>).
    expect(page.replace(`<a href="https://www.tradingview.com/" rel="noreferrer">`, "")).not.toMatch(/https?:\/\//);
    expect((await fetch(new URL("/api/status", server.url), { method: "POST" })).status).toBe(405);
    expect((await fetch(new URL("/api/positions", server.url), { method: "DELETE" })).status).toBe(405);
    const missing = await get("/api/nothing");
    expect([missing.response.status, missing.body.error]).toEqual([404, "no API endpoint /api/nothing"]);
    expect((await fetch(new URL("/etc/passwd", server.url))).status).toBe(404);
  });
});

describe("kill switch toggle (the only state-changing endpoint)", () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(new URL("/api/kill-switch", server.url), { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });
  const same = () => ({ Origin: server.url.replace(/\/$/, ""), "Content-Type": "application/json" });

  test("refused without the page's own Origin or without JSON", async () => {
    expect((await post({ on: true })).status).toBe(403);
    expect((await post({ on: true }, { Origin: "http://evil.example", "Content-Type": "application/json" })).status).toBe(403);
    expect((await post({ on: true }, { Origin: same().Origin, "Content-Type": "text/plain" })).status).toBe(403);
    expect((await fetch(new URL("/api/kill-switch", server.url))).status).toBe(405);
    expect(getState(reader, "kill-switch")).toBeUndefined();
  });

  test("bad bodies are 400 with the expected form", async () => {
    for (const body of ["not json", { on: "yes" }, { on: true, extra: 1 }, { on: true, reason: "x".repeat(501) }]) {
      const response = await post(body, same());
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).error).toContain("expected");
    }
  });

  test("on, then off with a reason; off without one is refused; every change is an alert row", async () => {
    const on = await post({ on: true, reason: null }, same());
    expect(on.status).toBe(200);
    expect(((await on.json()) as any).killSwitch).toMatchObject({ on: true, by: "status page" });
    expect((getState(reader, "kill-switch")!.value as any).on).toBe(true);
    const status = (await get("/api/status")).body;
    expect(status.killSwitch.on).toBe(true);
    const refused = await post({ on: false }, same());
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error).toContain("needs a reason");
    expect((await post({ on: false, reason: "checked the positions" }, same())).status).toBe(200);
    expect((getState(reader, "kill-switch")!.value as any)).toMatchObject({ on: false, reason: "checked the positions" });
    expect(listAlerts(reader, { kinds: ["kill-switch"] }).length).toBe(2);
  });
});

describe("no store, or an old one: 'no data yet', never a crash", () => {
  test("a database that does not exist yet, then appears", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "serve-empty-"));
    const file = path.join(empty, "robotrader.db");
    const s = startStatusServer({ database: file, host: "127.0.0.1", port: 0, log: quietLog(), pollMs: 50 });
    try {
      const status = (await (await fetch(new URL("/api/status", s.url))).json()) as any;
      expect(status.store.state).toBe("missing");
      expect(status.store.message).toContain("no database at");
      expect(status.runner.state).toBe("never");
      expect(status.killSwitch).toBeNull();
      const positions = await fetch(new URL("/api/positions", s.url));
      expect(positions.status).toBe(503);
      expect(((await positions.json()) as any).error).toStartWith("no data yet");
      expect((await fetch(new URL("/api/kill-switch", s.url), { method: "POST", body: "{\"on\":true}", headers: { Origin: s.url.replace(/\/$/, ""), "Content-Type": "application/json" } })).status).toBe(409);
      openDatabase(file).close();
      let state = "missing";
      for (let i = 0; i < 100 && state !== "ok"; i++) {
        await Bun.sleep(20);
        state = ((await (await fetch(new URL("/api/status", s.url))).json()) as any).store.state;
      }
      expect(state).toBe("ok");
      expect((await (await fetch(new URL("/api/positions", s.url))).json())).toEqual([]);
    } finally {
      await s.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("a database at an older schema is named, not read", async () => {
    const old = mkdtempSync(path.join(tmpdir(), "serve-old-"));
    const file = path.join(old, "robotrader.db");
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) }).close();
    const s = startStatusServer({ database: file, host: "127.0.0.1", port: 0, log: quietLog() });
    try {
      const status = (await (await fetch(new URL("/api/status", s.url))).json()) as any;
      expect(status.store.state).toBe("old-schema");
      expect(status.store.message).toContain("schema version 2 is older");
      expect((await fetch(new URL("/api/orders", s.url))).status).toBe(503);
    } finally {
      await s.stop();
      rmSync(old, { recursive: true, force: true });
    }
  });
});
