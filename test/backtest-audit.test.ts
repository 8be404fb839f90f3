import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Big from "big.js";
import { embeddedBars } from "../src/adapters/embedded/sp500.ts";
import { HistoricalFeed, seriesFromBars } from "../src/backtest/historical-feed.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { noCommission } from "../src/core/commission/none.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { robotrader } from "./helpers/cli.ts";

// Acceptance checks of issue 3 found missing in review: the --json trades reconcile with the
// equity to the cent, and an unwritable --report is a clear error (exit 2) before any work.

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-backtest-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => robotrader(["backtest", "--data-dir", dir, ...args], { cwd: dir });

interface Trade {
  symbol: string;
  side: "long" | "short";
  qty: number;
  entryPrice: number;
  exitTime: string | null;
  exitPrice: number | null;
  pnl: number;
  commission: number;
}

describe("backtest --json reconciles to the cent", () => {
  test("with slippage (sub-cent prices): each trade's pnl = qty x price move - commission, and final equity = cash + every trade's pnl", async () => {
    // All in and no [risk] limits: thousands of shares per trade, the accounting under test.
    const r = await cli("--json", "--equity", "--no-save", "--cash", "10000000", "--slippage-bps", "7", "--long-short", "--commission", "ib-tiered", "--pct-equity", "100", "--no-risk");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { trades: Trade[]; equity: { equity: number }[] };
    const lastClose = new Big(embeddedBars().at(-1)!.close);
    // pnl and commission are each rounded to the cent: together at most one cent apart.
    const cent = new Big("0.01");
    let total = new Big(10_000_000);
    for (const t of out.trades) {
      const sign = t.side === "long" ? 1 : -1;
      const exit = t.exitPrice === null ? lastClose : new Big(t.exitPrice);
      const pnl = exit.minus(t.entryPrice).times(t.qty * sign).minus(t.commission);
      // The prices must be exact enough for qty x price (4 decimals left 0.35 USD on 7,000 shares).
      expect([t, pnl.minus(t.pnl).abs().lte(cent)]).toEqual([t, true]);
      total = total.plus(t.pnl);
    }
    expect(out.trades.some((t) => t.qty > 1000)).toBe(true);
    expect(total.minus(out.equity.at(-1)!.equity).abs().lte(new Big("0.01").times(out.trades.length))).toBe(true);
  });
});

describe("backtest --report to a place that cannot be written", () => {
  test("exits 2 naming the file, before running or saving anything", async () => {
    const locked = path.join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const isRoot = process.getuid?.() === 0;
    // Root may write anywhere it has a mode bit for; a path under a regular file fails for everyone.
    const file = isRoot ? path.join(dir, "not-a-dir.txt", "r.html") : path.join(locked, "r.html");
    if (isRoot) await Bun.write(path.join(dir, "not-a-dir.txt"), "x");
    const r = await cli("--report", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/--report/);
    expect(r.stderr).not.toMatch(/fatal|    at /);
    expect(r.stdout).toBe("");
    // Nothing was run or saved: the store was not even created.
    expect(existsSync(path.join(dir, "robotrader.db"))).toBe(false);
  });

  test("a report path that is a directory exits 2", async () => {
    const r = await cli("--no-save", "--report", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report .* is a directory/);
  });
});

describe("backtest --from: bars before it warm up the indicators", () => {
  test("a run from a date trades exactly like the full run from that date on (same fixed size, flat at the start)", async () => {
    // --no-risk: a kill switch tripped by an earlier day's loss would rightly stop the full run's later entries.
    const full = await cli("--json", "--no-save", "--qty", "10", "--no-risk");
    const all = (JSON.parse(full.stdout) as { trades: (Trade & { entryTime: string })[] }).trades;
    // A trade entered a few bars after a flat stretch: its signal comes before SMA(30) could warm up
    // on the bars after --from alone.
    const times = embeddedBars().map((b) => new Date(b.time).toISOString());
    const k = all.findIndex((t, i) => i > 5 && times.indexOf(t.entryTime) - times.indexOf(all[i - 1]!.exitTime!) > 5);
    const from = times[times.indexOf(all[k]!.entryTime) - 3]!;
    const ranged = await cli("--json", "--equity", "--no-save", "--qty", "10", "--no-risk", "--from", from.slice(0, 10));
    expect(ranged.code).toBe(0);
    const out = JSON.parse(ranged.stdout) as { trades: Trade[]; equity: { time: string }[]; stats: { benchmark: { start: string } } };
    expect(out.equity[0]!.time).toBe(from);
    expect(out.stats.benchmark.start).toBe(from);
    expect(out.trades).toEqual(all.slice(k));
  });

  test("a run from the first out-of-sample bar equals walk-forward with a one-point grid (same warm-up, same account)", async () => {
    const wf = JSON.parse((await cli("--json", "--equity", "--no-save", "--walk-forward", "rolling", "--grid", "fast=10:slow=30")).stdout) as { stats: { start: string }; trades: Trade[]; equity: unknown[] };
    const plain = JSON.parse((await cli("--json", "--equity", "--no-save", "--from", wf.stats.start.slice(0, 10))).stdout) as typeof wf;
    expect(plain.stats.start).toBe(wf.stats.start);
    expect(plain.trades).toEqual(wf.trades);
    expect(plain.equity).toEqual(wf.equity);
  });
});

describe("backtest: a strategy that can never warm up on the data", () => {
  test("--slow longer than the data exits 2 naming the indicator and the bar counts", async () => {
    const r = await cli("--no-save", "--fast", "5", "--slow", "6000");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sma-cross needs more than 5999 bars .*sma_6000.*SPX has 5105/);
    expect(r.stdout).toBe("");
  });

  test("one symbol too short among several is a warning; the others trade", async () => {
    const file = path.join(dir, "short.csv");
    const rows = Array.from({ length: 20 }, (_, i) => `${new Date(Date.UTC(2020, 0, 2) + i * 86_400_000).toISOString().slice(0, 10)},10,11,9,10,100`);
    await Bun.write(file, ["time,open,high,low,close,volume", ...rows].join("\n") + "\n");
    const spx = path.join(dir, "spx.csv");
    const bars = embeddedBars().slice(-300);
    await Bun.write(spx, ["time,open,high,low,close,volume", ...bars.map((b) => [new Date(b.time).toISOString().slice(0, 10), b.open, b.high, b.low, b.close, b.volume].join(","))].join("\n") + "\n");
    const r = await cli("--no-save", "--json", "--data", `${spx},${file}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/SHORT has 20 bars.*no signal/);
    expect((JSON.parse(r.stdout) as { trades: Trade[] }).trades.length).toBeGreaterThan(0);
  });
});

describe("backtest: an order the data ended before it could fill", () => {
  test("a signal on the last bar is a notice (what would trade at the next open), not silently dropped", () => {
    const DAY = 86_400_000;
    const T0 = Date.UTC(2024, 0, 1);
    // SMA(2) crosses above SMA(3) on the close of the last bar.
    const closes = [10, 9, 8, 7, 8, 10];
    const bars = closes.map((close, i) => {
      const open = i === 0 ? close : closes[i - 1]! + 0.5;
      return { time: T0 + i * DAY, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 1000 };
    });
    const r = runBacktest({
      feed: new HistoricalFeed([seriesFromBars("X", bars)]),
      strategy: configureStrategy("sma-cross", { fast: 2, slow: 3 }),
      sizing: { kind: "qty", qty: 10 },
      commission: noCommission,
      initialCash: 1000,
    });
    expect(r.fills).toEqual([]);
    expect(r.notices).toEqual([
      expect.objectContaining({ state: "submitted", filledQty: 0, remainingQty: 10, time: T0 + 5 * DAY, reason: "buy 10 X market: still open when the data ended (not filled)" }),
    ]);
  });
});

describe("backtest: slippage that would turn prices negative", () => {
  test("--slippage-bps of 10000 (100%) or more exits 2; sells would fill at zero or below", async () => {
    for (const bps of ["10000", "20000"]) {
      const r = await cli("--no-save", "--slippage-bps", bps);
      expect([bps, r.code]).toEqual([bps, 2]);
      expect(r.stderr).toContain(`--slippage-bps must be below 10000 (100%), got ${bps}`);
    }
    expect((await cli("--no-save", "--slippage-bps", "9999")).code).toBe(0);
  });
});

describe("backtest --data with intraday bars but no --bar-size", () => {
  test("the duplicate-date error says to give --bar-size", async () => {
    const file = path.join(dir, "m5.csv");
    const rows = Array.from({ length: 30 }, (_, i) => `${new Date(Date.UTC(2024, 0, 2, 14, 30) + i * 300_000).toISOString()},10,11,9,10,100`);
    await Bun.write(file, ["time,open,high,low,close,volume", ...rows].join("\n") + "\n");
    const r = await cli("--no-save", "--data", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/several bars share a date.*--bar-size 5m/);
    expect((await cli("--no-save", "--data", file, "--bar-size", "5m", "--fast", "2", "--slow", "3")).code).toBe(0);
  });
});
