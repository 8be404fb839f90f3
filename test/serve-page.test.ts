import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { openDatabase, type Db } from "../src/adapters/sqlite/db.ts";
import { insertAlert } from "../src/adapters/sqlite/alerts-repo.ts";
import { insertFill } from "../src/adapters/sqlite/fills-repo.ts";
import { setPosition } from "../src/adapters/sqlite/positions-repo.ts";
import { startRun } from "../src/adapters/sqlite/runs-repo.ts";
import { insertEquitySnapshot, insertSignal } from "../src/adapters/sqlite/snapshots-repo.ts";
import { startRunnerServices } from "../src/app/runner/services.ts";
import { startStatusServer, type StatusServer } from "../src/app/serve/serve.ts";
import { LATENCY, THROUGHPUT } from "../src/core/metrics/index.ts";
import { money } from "../src/core/money.ts";
import { quietLog } from "./serve-helpers.ts";

// What a trader sees on the page, in headless Chromium, for states a short sim session does
// not reach: positions in two accounts (a local paper book left from earlier and the IB
// account), a stopped IB runner, signals as the runner records them, sub-millisecond
// latencies, a fill arriving while a history search is shown, and no database at all.
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const artifacts = path.resolve(import.meta.dir, "..", "test-artifacts");
const dir = mkdtempSync(path.join(tmpdir(), "serve-page-"));
const database = path.join(dir, "robotrader.db");
const ACCOUNT = "DU7654321";
const now = Date.now();

let db: Db;
let browser: Browser;
let server: StatusServer;
let empty: StatusServer;
let page: Page;

function fill(execId: string, symbol: string, side: "buy" | "sell", qty: number, price: string, account: string, time: number): void {
  insertFill(db, { orderKey: "", execId, symbol, side, qty, price: money(price), commission: money("1"), time }, { account });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(artifacts, { recursive: true });
  db = openDatabase(database);
  const runId = startRun(db, { kind: "paper", params: { strategy: "sma-cross", symbols: ["AAPL", "MSFT"] }, pid: process.pid });
  const services = startRunnerServices({
    db, account: ACCOUNT, runId,
    info: { mode: "paper", broker: "ibkr", account: ACCOUNT, strategy: "sma-cross", symbols: ["AAPL", "MSFT"] },
  });
  services.state.connection({
    state: "connected", host: "127.0.0.1", port: 4002, clientId: 17, serverVersion: 178, connectedAt: now - 60_000, lastHeartbeatAt: now - 5000,
    reconnects: 0, farms: [{ kind: "market-data", farm: "usfarm", state: "ok", since: now - 60_000 }], lastError: `IB 2100: account ${ACCOUNT} updates unsubscribed`,
  });
  services.state.circuitBreaker({ status: "closed", failures: 0 });
  services.state.price("AAPL", 200, now - 1000);
  services.state.price("MSFT", 410, now - 1000);
  services.state.flushPrices();
  for (const ms of [0.003, 0.004, 0.002]) services.metrics.latency(LATENCY.dataToSignal).record(ms);
  // A day's worth: four-digit counts and two-digit maxima must still fit the latency card.
  for (let i = 0; i < 5000; i++) {
    services.metrics.latency(LATENCY.dbWrite).record(0.5 + (i % 100) / 10);
    services.metrics.latency(LATENCY.signalToOrder).record(1 + (i % 7));
    services.metrics.latency(LATENCY.orderToAck).record(0.03 + (i % 50));
  }
  services.metrics.throughput(THROUGHPUT.bars).record(now, 5);
  services.stop("SIGINT");
  insertAlert(db, { time: now - 500, level: "warn", kind: "reconcile", message: `position mismatch in ${ACCOUNT}: AAPL`, detail: { account: ACCOUNT } });
  // A local paper book left from an earlier paper run (account ""), and the IB account's.
  setPosition(db, "", { symbol: "AAPL", qty: 10, avgCost: money("180") }, now - 86_400_000);
  setPosition(db, ACCOUNT, { symbol: "AAPL", qty: 5, avgCost: money("190") }, now - 2000);
  setPosition(db, ACCOUNT, { symbol: "MSFT", qty: 3, avgCost: money("400") }, now - 2000);
  fill("e-1", "AAPL", "buy", 5, "190", ACCOUNT, now - 3000);
  fill("e-2", "MSFT", "buy", 3, "400", ACCOUNT, now - 2000);
  insertEquitySnapshot(db, {
    runId, time: now - 1000, marketTime: now - 1000, cash: money("97850"), equity: money("99080"), realized: money("0"), unrealized: money("80"),
    positions: [{ symbol: "AAPL", qty: 5, price: 200 }, { symbol: "MSFT", qty: 3, price: 410 }],
  });
  insertSignal(db, {
    runId, time: now - 3000, strategy: "sma-cross", symbol: "AAPL", kind: "buy",
    value: { barTime: now - 65_000, close: 190, held: 0, qty: 5, type: "market", indicators: { sma_10: 189.91234, sma_30: 188.5 }, orderRef: "rt:sma-cross:AAPL:buy:1" },
  });
  insertSignal(db, {
    runId, time: now - 2500, strategy: "sma-cross", symbol: "TSLA", kind: "buy",
    value: { barTime: now - 65_000, close: 250.5, held: 0, qty: 20, type: "market", indicators: { sma_10: 251, sma_30: null }, refused: { rule: "max-open-positions", reason: "10 positions open, limit 10" } },
  });
  server = startStatusServer({ database, host: "127.0.0.1", port: 0, log: quietLog(), pollMs: 50 });
  empty = startStatusServer({ database: path.join(dir, "none", "robotrader.db"), host: "127.0.0.1", port: 0, log: quietLog() });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url, { waitUntil: "load" });
  await page.waitForSelector('#positions tbody tr[data-key]');
  await page.waitForSelector('#latency tbody tr[data-metric]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await empty?.stop();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((n) => (n.textContent ?? "").trim()));

describe("status page details", () => {
  test("positions of two accounts: an Account column, and the P&L strip counts the runner's account only", async () => {
    expect(await texts("#positions thead th")).toContain("Account");
    const rows = await page.$$eval("#positions tbody tr[data-key]", (trs) =>
      trs.map((tr) => [tr.querySelector("[data-col=account]")?.textContent, tr.querySelector("[data-col=symbol]")?.textContent, tr.querySelector("[data-col=qty]")?.textContent]),
    );
    expect(rows).toEqual([["DU76****", "AAPL", "5"], ["DU76****", "MSFT", "3"], ["local paper", "AAPL", "10"]]);
    // DU76****: AAPL 5 x (200 - 190) + MSFT 3 x (410 - 400) = 80; the local book's +200 is not the runner's.
    expect(await page.textContent("#kpi-unrealized")).toBe("+80.00");
    expect(await page.textContent("#kpi-positions")).toBe("2");
    expect(await page.textContent("#kpi-positions-sub")).toMatch(/\+1 in another account/);
  });

  test("the account id is masked everywhere: page, every API endpoint, the WebSocket", async () => {
    const digits = ACCOUNT.slice(4);
    expect(await page.textContent("#account")).toBe("DU76****");
    expect((await page.content()).includes(digits)).toBe(false);
    for (const endpoint of ["status", "positions", "orders", "trades", "equity", "metrics", "signals", "alerts", "runs", "trades?q=e"]) {
      const text = await (await fetch(new URL(`/api/${endpoint}`, server.url))).text();
      expect([endpoint, text.includes(digits)]).toEqual([endpoint, false]);
    }
    const frames = await new Promise<string>((resolve) => {
      const ws = new WebSocket(new URL("/ws", server.url.replace("http", "ws")));
      let all = "";
      ws.onmessage = (e) => {
        all += String(e.data);
        if (all.includes('"topic":"runs"')) ws.close();
      };
      ws.onclose = () => resolve(all);
    });
    expect(frames).toContain('"topic":"alerts"');
    expect(frames.includes(digits)).toBe(false);
  });

  test("a stopped runner's farms and circuit breaker are the last known state, not live green", async () => {
    const farm = await page.$eval("#farms li", (li) => ({ cls: li.className, text: li.textContent }));
    expect(farm.cls).toBe("muted");
    expect(farm.text).toMatch(/last known/);
    expect(await page.getAttribute('#runner [data-fact="circuitBreaker"]', "class")).toBe("muted");
  });

  test("signals read as a trader reads them: order, indicators, outcome; no raw epochs or [object Object]", async () => {
    const body = (await page.textContent("#signals")) ?? "";
    expect(body).not.toMatch(/object Object|\d,\d{3},\d{3},\d{3}/);
    const rows = await page.$$eval("#signals tbody tr[data-key]", (trs) =>
      trs.map((tr) => ["[data-col=symbol]", "[data-col=kind] .order", "[data-col=kind] .outcome", "[data-col=detail]", "[data-col=time]"].map((q) => tr.querySelector(q)?.textContent)),
    );
    expect(rows[0]).toEqual(["AAPL", "buy 5 @ 190.00", "order sent", "sma_10 189.91 · sma_30 188.50", expect.stringMatching(/^\d\d:\d\d:\d\d$/)]);
    expect(rows[1]!.slice(0, 4)).toEqual(["TSLA", "buy 20 @ 250.50", "refused: 10 positions open, limit 10", "sma_10 251.00 · sma_30 —"]);
  });

  test("latencies under a millisecond keep their digits (0.003 ms is not 0.00)", async () => {
    expect(await page.textContent('#latency tr[data-metric="data-to-signal"] td[data-col=p50]')).toBe("0.003");
  });

  test("the trade history shown refreshes by itself when a fill arrives", async () => {
    await page.waitForSelector('#trade-history tbody tr[data-key="e-2"]');
    fill("e-3", "MSFT", "sell", 1, "411", ACCOUNT, Date.now());
    await page.waitForSelector('#trade-history tbody tr[data-key="e-3"]', { timeout: 5000 });
    expect(await page.textContent("#trade-search-info")).toMatch(/^3 matching fills/);
  });

  for (const width of [1280, 1920]) {
    test(`at ${width}px: tables fit their cards, chart legends inside their charts`, async () => {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(300);
      const wide = await page.$$eval(".table-wrap", (wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => `${w.querySelector("table")?.id}: ${w.scrollWidth} > ${w.clientWidth}`));
      expect(wide).toEqual([]);
      const legends = await page.$$eval(".chart", (charts) =>
        charts.flatMap((c) => [...c.querySelectorAll(".legend span")].filter((s) => s.getBoundingClientRect().bottom > c.getBoundingClientRect().bottom + 0.5).map((s) => `${c.id}: ${s.textContent}`)),
      );
      expect(legends).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, `serve-page-${width}.png`), fullPage: true });
    });
  }
});

describe("no database yet", () => {
  test("counts and tables say unknown, never 0 or 'no open positions'", async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await p.goto(empty.url, { waitUntil: "load" });
    await p.waitForSelector("#banner:not([hidden])");
    expect(await p.textContent("#kpi-positions")).toBe("—");
    expect(await p.textContent("#kpi-orders")).toBe("—");
    for (const table of ["positions", "open-orders", "today-trades", "signals", "alerts", "runs"]) {
      expect([table, await p.textContent(`#${table} tbody tr.empty`)]).toEqual([table, "no data yet"]);
    }
    expect(await p.textContent("#trades-hint")).toBe("");
    await p.close();
  });
});
