import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { writeReport, type ReportInput } from "../src/backtest/report/report.ts";
import { statsToJson } from "../src/backtest/stats/json.ts";
import { spxReportInput } from "./report-fixture.ts";

// Opens the HTML report of a real backtest (embedded SPX, 5,105 daily bars) in headless Chromium.
// Chromium is required: a missing browser fails the test instead of skipping it.
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const artifacts = path.resolve(import.meta.dir, "..", "test-artifacts");
const profile = mkdtempSync(path.join(tmpdir(), "report-chromium-"));

let context: BrowserContext;
let page: Page;
let input: ReportInput;
let file: string;
let bytes: number;
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the report test needs it (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  }
  mkdirSync(artifacts, { recursive: true });
  input = spxReportInput(`sma-cross 10/30 on SPX <b>&</b> "quotes"`);
  file = path.join(artifacts, "report-spx.html");
  ({ bytes } = await writeReport(file, input));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`file://${file}`, { waitUntil: "load" });
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe("HTML report in headless Chromium", () => {
  test("one self-contained file: no request but the file itself, no console errors, inline scripts only", async () => {
    expect(requests).toEqual([`file://${file}`]);
    expect(problems).toEqual([]);
    expect(await page.locator("script[src], link, img, iframe").count()).toBe(0);
    expect(bytes).toBeLessThan(600_000); // 5,105 bars and 88 trades, ~200 kB chart library; candles merged past 4,000
  });

  test("text is escaped: the title shows literally and injects no element", async () => {
    expect(await page.title()).toBe(`sma-cross 10/30 on SPX <b>&</b> "quotes"`);
    expect(await page.locator("h1").textContent()).toBe(`sma-cross 10/30 on SPX <b>&</b> "quotes"`);
    expect(await page.locator("h1 b").count()).toBe(0);
  });

  test("equity, buy-and-hold, drawdown and price charts are drawn", async () => {
    for (const sel of ["#equity path.line.equity", "#equity path.line.bench", "#drawdown path.area.drawdown", "#drawdown path.line.bench"]) {
      const d = await page.locator(sel).getAttribute("d");
      expect([sel, (d ?? "").length > 1000]).toEqual([sel, true]);
    }
    const box = await page.locator("#equity").boundingBox();
    expect(box!.width).toBeGreaterThan(900);
    expect(box!.height).toBeGreaterThan(250);
  });

  test("candles with volume and every entry and exit marked, drawn by the embedded chart library", async () => {
    const closed = input.trades.filter((t) => t.exitTime !== null).length;
    expect(await page.locator("#candles-0").getAttribute("data-ready")).toBe(String(input.trades.length + closed));
    // Pixels of each colour on the chart's canvases: green/red candles and volume, blue/amber exit dots.
    const colours = await page.locator("#candles-0").evaluate((el) => {
      const count: Record<string, number> = { green: 0, red: 0, blue: 0, amber: 0 };
      for (const canvas of el.querySelectorAll("canvas")) {
        const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
          const key = `${px[i]},${px[i + 1]},${px[i + 2]}`;
          if (key === "22,163,74") count["green"]!++;
          else if (key === "220,38,38") count["red"]!++;
          else if (key === "37,99,235") count["blue"]!++;
          else if (key === "180,83,9") count["amber"]!++;
        }
      }
      return count;
    });
    expect(colours["green"]).toBeGreaterThan(1000);
    expect(colours["red"]).toBeGreaterThan(1000);
    expect(colours["blue"]! + colours["amber"]!).toBeGreaterThan(100);
    expect(await page.locator("#pnl-day").getAttribute("data-ready")).toBe(String(new Set(input.trades.flatMap((t) => (t.exitTime === null ? [] : [new Date(t.exitTime).toISOString().slice(0, 10)]))).size));
    expect(await page.locator("#pnl-symbol tbody tr").count()).toBe(1);
  });

  test("zoom and pan: the mouse wheel narrows the visible range", async () => {
    await page.locator("#candles-0").scrollIntoViewIfNeeded();
    const box = (await page.locator("#candles-0").boundingBox())!;
    const before = await page.locator("#candles-0").screenshot();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    // The chart redraws on an animation frame: look again until it changed (bounded).
    let changed = false;
    for (let i = 0; i < 20 && !changed; i++) changed = Buffer.compare(before, await page.locator("#candles-0").screenshot()) !== 0;
    expect(changed).toBe(true);
  });

  test("the statistics table shows the input statistics", async () => {
    const cells = await page.locator("td[data-stat]").evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-stat"), td.getAttribute("data-value"), td.textContent]));
    const shown = new Map(cells.map(([k, v, text]) => [k, { v, text }]));
    const json = statsToJson(input.stats);
    for (const key of ["totalReturn", "cagr", "volatility", "sharpe", "sortino", "calmar", "trades", "winRate", "profitFactor", "exposure", "turnover", "commissions", "expectancy"]) {
      expect([key, shown.get(key)?.v]).toEqual([key, String(json[key])]);
      expect(shown.get(key)!.text).not.toBe("");
    }
    expect(shown.get("maxDrawdown")!.v).toBe(String(-input.stats.maxDrawdown!.depth));
    expect(shown.get("bench.totalReturn")!.v).toBe(String(input.stats.benchmark!.totalReturn));
    expect(shown.get("totalReturn")!.text).toBe(`${(input.stats.totalReturn! * 100).toFixed(2)}%`);
  });

  test("monthly returns (year x month) and every trade are listed", async () => {
    expect(await page.locator("#monthly tbody tr").count()).toBe(21); // 2000..2020
    expect(await page.locator("#monthly td[data-month='2008-10']").textContent()).toMatch(/^-?\d+\.\d%$/);
    expect(await page.locator("#trades tbody tr").count()).toBe(input.trades.length);
  });

  test("screenshot for a human look", async () => {
    const png = path.join(artifacts, "report-spx.png");
    await page.screenshot({ path: png, fullPage: true });
    expect(existsSync(png)).toBe(true);
  });
});
