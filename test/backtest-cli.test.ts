import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { getRun } from "../src/adapters/sqlite/runs-repo.ts";
import { robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-backtest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => robotrader(["backtest", "--data-dir", dir, ...args], { cwd: dir });

function csv(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ["time,open,high,low,close,volume", ...rows].join("\n") + "\n");
  return file;
}

interface JsonOut {
  stats: Record<string, unknown>;
  trades: { symbol: string; side: string; qty: number; entryTime: string; entryPrice: number; exitTime: string | null; exitPrice: number | null; pnl: number; commission: number }[];
  equity: { time: string; equity: number }[];
  runId: number | null;
}

describe("robotrader backtest", () => {
  test("the bare command runs sma-cross 10/30 on the embedded SPX and prints a stats table", async () => {
    const r = await cli();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // Config sizing (run.cash_per_trade 5000), as run sizes; the [risk] rules and exits apply by default.
    expect(r.stdout).toContain("sma-cross fast=10 slow=30 on SPX; long-only, cash-per-trade 5000, cash 100,000.00, commission ib-fixed, slippage 0 bps");
    expect(r.stdout).toContain(
      "Risk: config [risk] rules (max open positions 10, max position 10000 USD / 25%, max order 10000 USD, max daily trades per symbol 4, daily loss limit 1000 USD); " +
        "exits: stop loss 5%, take profit 10%; data validation on.",
    );
    expect(r.stdout).toMatch(/Protective exits: \d+ \(stop-loss \d+, take-profit \d+\)/);
    expect(r.stdout).toMatch(/Total return\s+\S+%\s+97\.53%/); // buy & hold of SPX 2000-01-03 .. 2020-04-17
    expect(r.stdout).toMatch(/\n\d+ trades \(\d+ closed, \d+ open\); saved as run \d+/);
  });

  test("--json: stats, trades with ISO dates and cents, equity per bar; the run is saved with its trades", async () => {
    const r = await cli("--json", "--equity", "--fast", "20", "--slow", "50", "--commission", "ib-tiered", "--slippage-bps", "5");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.equity).toHaveLength(5105);
    expect(out.equity[0]!.time).toBe("2000-01-03T00:00:00.000Z");
    expect(out.stats["bars"]).toBe(5105);
    const t = out.trades[0]!;
    expect(Object.keys(t)).toEqual(["symbol", "side", "qty", "entryTime", "entryPrice", "exitTime", "exitPrice", "pnl", "commission"]);
    expect(t.entryTime).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    expect(Math.round(t.pnl * 100) / 100).toBe(t.pnl);
    expect(out.trades.slice(0, -1).every((x) => x.exitTime !== null)).toBe(true);
    expect(out.runId).toBeNumber();
    // The pipeline run's way: what was applied, and every exit and refusal with its reason.
    const risk = out as unknown as { risk: { applied: boolean }; exits: { reason: string; key: string | null }[]; refusals: unknown[]; setup: { costs: unknown } };
    expect(risk.risk.applied).toBe(true);
    expect(risk.setup.costs).toEqual({ commission: "ib-tiered", slippageBps: 5 });
    expect(risk.exits.length).toBeGreaterThan(0);
    expect(risk.exits.every((e) => ["stop-loss", "take-profit", "trailing-stop"].includes(e.reason))).toBe(true);
    expect(Array.isArray(risk.refusals)).toBe(true);
    const db = openDatabase(path.join(dir, "robotrader.db"), { readonly: true });
    try {
      const run = getRun(db, out.runId!);
      expect(run?.kind).toBe("backtest");
      expect(run?.params).toMatchObject({ strategy: "sma-cross", fast: 20, slow: 50, commission: "ib-tiered", slippageBps: 5 });
      const count = db.query("SELECT count(*) AS n FROM backtest_trades WHERE run_id = ?").get(out.runId!) as { n: number };
      expect(count.n).toBe(out.trades.length);
    } finally {
      db.close();
    }
  });

  test("--data CSV with --qty and --from/--to; a position open at the end is listed last with null exit", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const c = 100 + 10 * Math.sin(i / 3);
      return `${day},${(c - 0.5).toFixed(2)},${(c + 1).toFixed(2)},${(c - 1).toFixed(2)},${c.toFixed(2)},1000`;
    });
    const file = csv("wave.csv", rows);
    const r = await cli("--data", file, "--fast", "3", "--slow", "8", "--qty", "10", "--from", "2024-01-05", "--to", "2024-02-28", "--json", "--equity", "--no-save");
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.equity[0]!.time).toBe("2024-01-05T00:00:00.000Z");
    expect(out.equity.at(-1)!.time).toBe("2024-02-28T00:00:00.000Z");
    expect(out.trades.length).toBeGreaterThan(1);
    expect(out.trades.every((t) => t.symbol === "WAVE" && t.qty === 10)).toBe(true);
    expect(out.trades.slice(0, -1).every((t) => t.exitTime !== null)).toBe(true);
    const last = out.trades.at(-1)!;
    expect([last.exitTime, last.exitPrice]).toEqual([null, null]);
    // Valued at the last close in the equity: the final equity counts its unrealized pnl.
    const closed = out.trades.slice(0, -1).reduce((sum, t) => sum + t.pnl, 0);
    expect(out.equity.at(-1)!.equity).toBeCloseTo(100_000 + closed + last.pnl, 1);
    expect(out.runId).toBeNull();
  });

  test("--walk-forward: one out-of-sample account (books add up to the cent), buy-and-hold from its first bar, parameters per window", async () => {
    const report = path.join(dir, "wf.html");
    const args = ["--walk-forward", "rolling", "--train", "756", "--test", "252", "--grid", "fast=5,10:slow=30,50", "--no-save", "--report", report];
    const r = await cli(...args, "--json", "--equity");
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as JsonOut & { windows: { params: Record<string, number>; trainStart: string; trainEnd: string; testStart: string; testEnd: string }[] };
    const first = out.equity[0]!;
    expect(first.time).toBe(out.windows[0]!.testStart);
    // Only the last bar may leave a trade open; final equity = cash + closed P&L + open P&L.
    const open = out.trades.filter((t) => t.exitTime === null);
    expect(open.length).toBeLessThanOrEqual(1);
    expect(out.stats["openTrades"]).toBe(open.length);
    const books = 100_000 + (out.stats["realizedPnl"] as number) + open.reduce((sum, t) => sum + t.pnl, 0);
    expect(Math.abs(out.equity.at(-1)!.equity - books)).toBeLessThan(0.015); // each figure rounded to the cent
    expect(out.trades.reduce((sum, t) => sum + t.commission, 0)).toBeCloseTo(out.stats["commissions"] as number, 6);
    const bench = out.stats["benchmark"] as Record<string, unknown>;
    expect([bench["start"], bench["end"], bench["bars"], bench["startValue"]]).toEqual([first.time, out.equity.at(-1)!.time, out.equity.length, 100_000]);
    expect(out.windows[1]!.trainEnd < out.windows[1]!.testStart).toBe(true);
    expect(new Set(out.windows.map((w) => `${w.params["fast"]}/${w.params["slow"]}`)).size).toBeGreaterThan(1);
    expect((out as unknown as { params: Record<string, unknown> }).params).not.toHaveProperty("fast");
    // The config's TradingSetup applies in every window: its exits and refusals are listed with reasons, as in a plain backtest.
    const risk = out as unknown as { risk: { applied: boolean; data: { accepted: number } | null }; exits: { reason: string; time: string; trigger: string }[]; refusals: { rule: string; reason: string }[] };
    expect(risk.risk.applied).toBe(true);
    expect(risk.risk.data?.accepted).toBeGreaterThan(0);
    expect(risk.exits.length).toBeGreaterThan(0);
    expect(risk.exits.every((e) => ["stop-loss", "take-profit", "trailing-stop"].includes(e.reason) && e.time >= first.time && e.trigger !== "")).toBe(true);
    expect(risk.refusals.every((x) => x.rule !== "" && x.reason !== "")).toBe(true);

    const text = await cli(...args);
    expect(text.stdout).toContain("sma-cross (fast, slow chosen per window) on SPX");
    expect(text.stdout).toMatch(/Train from\s+Train to\s+Test from\s+Test to\s+Parameters/);
    expect(text.stdout).toContain(`Protective exits: ${risk.exits.length} (`);
    const html = await Bun.file(report).text();
    expect(html).toContain(`<h3>Protective exits (${risk.exits.length})</h3>`);
    expect(html).toMatch(/<li><b>fast<\/b> per window: 5, 10<\/li>/);
    expect(html).not.toMatch(/<li><b>fast<\/b> 10<\/li>/);
  });

  const bad: [string, string[], RegExp][] = [
    ["fast not below slow", ["--fast", "30", "--slow", "10"], /strategy sma-cross: parameter 'fast': fast must be less than slow \(got '30'\)/],
    ["non-numeric period", ["--fast", "abc"], /strategy sma-cross: parameter 'fast': Invalid type: Expected number but received "abc" \(got 'abc'\)/],
    ["unknown strategy", ["--strategy", "moon"], /unknown strategy 'moon': expected one of sma-cross, buy-and-hold/],
    ["parameter of another strategy", ["--strategy", "buy-and-hold", "--fast", "5"], /--fast does not apply to strategy buy-and-hold/],
    ["unknown commission", ["--commission", "cheap"], /--commission must be one of ib-fixed, ib-tiered, none, got 'cheap'/],
    ["two sizing flags", ["--qty", "5", "--pct-equity", "10"], /Give one sizing flag, not --qty and --pct-equity/],
    ["fractional qty", ["--qty", "2.5"], /--qty must be a whole number of shares > 0, got '2.5'/],
    ["percentage above 100", ["--pct-equity", "150"], /--pct-equity must be a percentage in \(0, 100\], got '150'/],
    ["negative cash", ["--cash", "-5"], /--cash must be a number > 0, got '-5'/],
    ["both directions", ["--long-only", "--long-short"], /--long-only or --long-short, not both/],
    ["bad date", ["--from", "yesterday"], /--from must be a date or time/],
    ["unknown symbol", ["--symbol", "ZZZZ"], /No 1d bars for ZZZZ/],
    ["missing file", ["--data", "nope.csv"], /--data nope.csv: no such file/],
    ["grid without walk-forward", ["--grid", "fast=5,10"], /--grid only applies with --walk-forward/],
  ];
  for (const [what, args, message] of bad) {
    test(`bad flag (${what}) exits 2 with a clear message`, async () => {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    });
  }

  test("bad data exits 2 naming the file and line", async () => {
    const file = csv("broken.csv", ["2024-01-02,10,11,9,10.5,100", "2024-01-03,10,9,11,10,100"]);
    const r = await cli("--data", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3:`);
    expect(r.stderr).toMatch(/'high' must be >= 'low'/);
  });
});
