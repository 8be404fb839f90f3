import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Subprocess } from "bun";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { openDatabase, type Db } from "../src/adapters/sqlite/db.ts";
import { latestMetrics } from "../src/adapters/sqlite/metrics-repo.ts";
import { listControlRequests } from "../src/app/control/requests.ts";
import { buildStatus } from "../src/app/runner/status.ts";
import { readEquity } from "../src/adapters/sqlite/page/equity.ts";
import { readLatestSignals } from "../src/adapters/sqlite/page/signals.ts";
import { CandlesReader } from "../src/adapters/sqlite/page/candles.ts";

// The status page in headless Chromium next to a real `run --sim` session in another
// process: live fills appear without reload, the stopped runner is shown honestly, and the
// figures on the page are the database's. Chromium is required (the test fails without it).
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const root = path.resolve(import.meta.dir, "..");
const artifacts = path.join(root, "test-artifacts");
const dir = mkdtempSync(path.join(tmpdir(), "page-browser-"));
const profile = mkdtempSync(path.join(tmpdir(), "page-chromium-"));
const database = path.join(dir, "data", "robotrader.db");
const env = { ...process.env, ROBOTRADER_CONFIG: "", NO_COLOR: "1" };

let runner: Subprocess;
let serve: Subprocess;
let port: number;
let context: BrowserContext;
let page: Page;
let db: Db;
const requests: string[] = [];
const problems: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const cli = (args: string[]) => Bun.spawn([process.execPath, path.join(root, "src/main.ts"), ...args], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });

async function startServe(): Promise<Subprocess> {
  const p = cli(["serve", "--port", String(port)]);
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/status`)).ok) return p;
    } catch {
      // not listening yet
    }
    await Bun.sleep(25);
  }
  throw new Error("serve did not start");
}

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

const maxFillId = () => (db.query("SELECT coalesce(max(id), 0) AS id FROM fills").get() as { id: number }).id;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: the page test needs it (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(artifacts, { recursive: true });
  port = await freePort();
  runner = cli(["run", "--sim", "--speed", "3000", "--bar-size", "1m", "--symbols", "AAPL,NVDA,TSLA", "--for", "300s"]);
  await waitFor("the runner's database", () => (existsSync(database) ? true : undefined));
  db = await waitFor("a readable database", () => {
    try {
      return openDatabase(database, { readonly: true });
    } catch {
      return undefined;
    }
  });
  serve = await startServe();
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: "load" });
}, 60_000);

afterAll(async () => {
  await context?.close();
  for (const p of [runner, serve]) if (p && p.exitCode === null) p.kill("SIGTERM");
  await Promise.all([runner?.exited, serve?.exited]);
  db?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe("status page in headless Chromium beside run --sim", () => {
  test("live: SIM badge, running runner, connected gateway", async () => {
    await page.waitForSelector('#runner-pill.good', { timeout: 20_000 });
    expect(await page.textContent("#mode")).toBe("SIM");
    expect(await page.getAttribute("body", "data-socket")).toBe("live");
    await page.waitForSelector('#connection [data-fact="state"].pos', { timeout: 10_000 });
    expect(await page.textContent('#connection [data-fact="state"]')).toBe("connected");
  });

  // The page's push latency (about 250 ms) is a speed figure for the bench; here it must only arrive
  // by push, without a reload, within a bound generous enough for a loaded 2-core machine.
  test("a new fill committed by the runner appears on the page by push, without reload", async () => {
    const seen = maxFillId();
    const fill = await waitFor("a new fill from the runner", () => {
      const row = db.query("SELECT id, exec_id FROM fills WHERE id > $seen ORDER BY id LIMIT 1").get({ seen }) as { id: number; exec_id: string } | null;
      return row ?? undefined;
    }, 60_000);
    // A marker on the window: a reload would start a new document without it.
    await page.evaluate(() => { (window as unknown as { pushMarker: number }).pushMarker = 1; });
    await page.waitForSelector(`#today-trades tr[data-exec="${fill.exec_id}"]`, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { pushMarker?: number }).pushMarker)).toBe(1);
  });

  test("a position's Close button, confirmed, flattens it through the runner, recorded as the page's", async () => {
    await page.waitForSelector("#position-actions button[data-close]", { timeout: 60_000 });
    const dialogs: string[] = [];
    const accept = (d: { message(): string; accept(): Promise<void> }) => (dialogs.push(d.message()), void d.accept());
    page.on("dialog", accept);
    try {
      await page.locator("#position-actions button[data-close]").first().click({ timeout: 30_000 });
      // Done by the runner: one market order (or none when a strategy's exit was already working).
      const request = await waitFor("the runner's answer", () => listControlRequests(db).find((r) => r.by === "page:127.0.0.1" && r.state === "done" && r.action.kind === "close"));
      const symbol = request.action.kind === "close" ? request.action.symbol : null;
      const keys = request.orders ?? [];
      expect(keys.length <= 1 && (keys.length === 1 || /already (closing|flat)/.test(request.message ?? ""))).toBe(true);
      for (const key of keys) {
        expect(key).toStartWith(`rt:manual:${symbol}:sell:`);
        await waitFor("the close order filled", () => ((db.query("SELECT state FROM orders WHERE order_ref = $key").get({ key }) as { state: string } | null)?.state === "filled" ? true : undefined), 60_000);
      }
      expect(dialogs).toEqual([expect.stringContaining(`Close ${symbol}?`)]);
      await page.waitForSelector(`#control-requests li:text-matches("close ${symbol} by page:127\\.0\\.0\\.1: done")`, { timeout: 20_000 });
    } finally {
      page.off("dialog", accept);
    }
  });

  test("price panels: a candle chart per symbol, its newest candle moving on as bars arrive", async () => {
    await page.waitForSelector('.price-panel[data-symbol="AAPL"][data-candles]', { timeout: 20_000 });
    const before = Number(await page.getAttribute('.price-panel[data-symbol="AAPL"]', "data-last"));
    await page.waitForFunction((t) => Number(document.querySelector('.price-panel[data-symbol="AAPL"]')?.getAttribute("data-last")) > t, before, { timeout: 30_000 });
    expect(await page.$$eval(".price-panel", (els) => els.map((e) => e.getAttribute("data-symbol")))).toEqual(["AAPL", "NVDA", "TSLA"]);
  });

  test("the stopped runner is shown as stopped, with its time; the last state stays visible", async () => {
    runner.kill("SIGINT");
    expect(await runner.exited).toBe(0);
    await page.waitForSelector("#banner:not([hidden])", { timeout: 3000 });
    expect(await page.getAttribute("#banner", "data-runner")).toBe("stopped");
    expect(await page.textContent("#banner")).toMatch(/stopped since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.*last known state/);
    expect(await page.textContent("#runner-pill")).toMatch(/^stopped since \d{2}:\d{2}:\d{2}$/);
    expect(await page.textContent('#connection [data-fact="state"]')).toMatch(/runner not running/);
  });

  test("positions, orders, P&L and metrics on the page are the database's", async () => {
    await Bun.sleep(500); // the last pushes after the runner's final writes
    const status = buildStatus(db, { now: Date.now() });
    const shown = await page.$$eval("#positions tbody tr[data-key]", (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll("td[data-col]")].map((td) => [td.getAttribute("data-col"), td.getAttribute("data-value")]))),
    );
    expect(shown.map((p) => [p["symbol"] ?? null, Number(p["qty"]), p["avgCost"], p["lastPrice"], p["unrealizedPnl"]])).toEqual(
      status.positions.map((p) => [null, p.qty, p.avgCost, p.lastPrice === null ? "" : String(p.lastPrice), p.unrealizedPnl ?? ""]),
    );
    const symbols = await page.$$eval("#positions tbody tr[data-key] td[data-col=symbol]", (tds) => tds.map((td) => td.textContent));
    expect(symbols).toEqual(status.positions.map((p) => p.symbol));
    expect(await page.textContent("#kpi-positions")).toBe(String(status.positions.length));

    const open = await page.$$eval("#open-orders tbody tr[data-ref]", (trs) => trs.map((tr) => tr.getAttribute("data-ref")));
    expect(open).toEqual(status.orders.filter((o) => !["filled", "cancelled", "rejected", "failed"].includes(o.state)).map((o) => o.orderRef));
    const recent = await page.$$eval("#recent-orders tbody tr[data-ref]", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-ref"), tr.querySelector("td[data-col=state]")?.getAttribute("data-value")]),
    );
    const stored = db.query("SELECT order_ref, state FROM orders ORDER BY updated_at DESC, id DESC LIMIT 50").all() as { order_ref: string; state: string }[];
    expect(recent).toEqual(stored.map((o) => [o.order_ref, o.state]));
    expect(recent.length).toBeGreaterThan(0);

    expect(await page.getAttribute("#kpi-unrealized", "data-value")).toBe(status.pnl.unrealized ?? "");
    // The runner wrote equity snapshots: the strip shows the newest one, the chart has one point per (thinned) snapshot.
    const equity = readEquity(db);
    expect(equity.count).toBeGreaterThan(1);
    expect(await page.getAttribute("#kpi-equity", "data-value")).toBe(equity.latest!.equity);
    expect(await page.getAttribute("#kpi-cash", "data-value")).toBe(equity.latest!.cash);
    expect(await page.getAttribute("#kpi-realized", "data-value")).toBe(equity.latest!.realized);
    expect(await page.textContent("#equity-hint")).toBe(`${equity.count} snapshots`);
    const line = (await page.getAttribute('#equity-chart path.line[data-series="equity"]', "d")) ?? "";
    expect(line.match(/[ML]/g)?.length).toBe(equity.points.length);
    // Latest signal per symbol: the runner's decisions, as stored.
    const signals = readLatestSignals(db);
    expect(signals.length).toBeGreaterThan(0);
    const shownSignals = await page.$$eval("#signals tbody tr[data-key]", (trs) => trs.map((tr) => [tr.querySelector("td[data-col=symbol]")?.textContent, tr.querySelector("td[data-col=kind]")?.getAttribute("data-value")]));
    expect(shownSignals).toEqual(signals.map((s) => [s.symbol, s.kind]));

    const metrics = latestMetrics(db)!;
    const latency = await page.$$eval("#latency tbody tr[data-metric]", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-metric"), ...["count", "p50", "p99"].map((c) => tr.querySelector(`td[data-col=${c}]`)?.getAttribute("data-value"))]),
    );
    expect(latency).toEqual(Object.entries(metrics.latency).map(([name, m]) => [name, String(m.total.count), String(m.total.p50 ?? ""), String(m.total.p99 ?? "")]));
    expect(await page.locator("#latency-chart path.line").count()).toBeGreaterThan(0);
    expect(await page.locator("#throughput-chart path.line").count()).toBeGreaterThan(0);
  });

  test("price panels show the run's recorded bars as candles, with its fills marked", async () => {
    const view = new CandlesReader().read(db);
    expect(view.symbols.map((s) => s.symbol)).toEqual(["AAPL", "NVDA", "TSLA"]);
    for (const s of view.symbols) {
      const sel = `.price-panel[data-symbol="${s.symbol}"]`;
      await page.waitForSelector(`${sel}[data-candles="${s.t.length}"]`, { timeout: 5000 });
      expect([s.symbol, await page.getAttribute(sel, "data-fills")]).toEqual([s.symbol, String(s.fills.length)]);
    }
    expect(view.symbols.reduce((n, s) => n + s.fills.length, 0)).toBeGreaterThan(0);
    // Pixels on the canvases: green/red candles, blue/amber fill arrows. The chart paints on an
    // animation frame after its data is set (the markers can come a frame after the candles), so
    // wait for the paint (bounded) rather than sample once, then count once more for the checks.
    const countColours = () => {
      const count = { candles: 0, fills: 0 };
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>(".price-panel canvas")) {
        // Read a copy: repeated reads of the page's own canvases draw a console warning from Chromium.
        const copy = document.createElement("canvas");
        [copy.width, copy.height] = [canvas.width, canvas.height];
        const ctx = copy.getContext("2d", { willReadFrequently: true })!;
        ctx.drawImage(canvas, 0, 0);
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
          const key = `${px[i]},${px[i + 1]},${px[i + 2]}`;
          if (key === "22,163,74" || key === "220,38,38") count.candles++;
          else if (key === "37,99,235" || key === "180,83,9") count.fills++;
        }
      }
      return count;
    };
    await page.waitForFunction(`(() => { const c = (${countColours})(); return c.candles > 500 && c.fills > 20; })()`, undefined, { timeout: 15_000, polling: 100 }).catch(() => undefined);
    const colours = await page.evaluate(countColours);
    expect(colours.candles).toBeGreaterThan(500);
    expect(colours.fills).toBeGreaterThan(20);
  });

  test("the page reconnects by itself when the server restarts", async () => {
    serve.kill("SIGTERM");
    await serve.exited;
    await page.waitForSelector('body[data-socket="down"], body[data-socket="connecting"]', { timeout: 5000 });
    serve = await startServe();
    await page.waitForSelector('body[data-socket="live"]', { timeout: 15_000 });
    expect(await page.getAttribute("#banner", "data-runner")).toBe("stopped");
  });

  test("only its own origin is contacted; no console errors; a screenshot for a human look", async () => {
    expect(requests.filter((u) => !u.startsWith(`http://127.0.0.1:${port}/`) && !u.startsWith(`ws://127.0.0.1:${port}/`))).toEqual([]);
    expect(problems.filter((p) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(p))).toEqual([]);
    const png = path.join(artifacts, "status-page.png");
    await page.screenshot({ path: png, fullPage: true });
    expect(existsSync(png)).toBe(true);
  });
});
