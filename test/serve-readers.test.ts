import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EquityReader, readEquity, thinningStep } from "../src/adapters/sqlite/page/equity.ts";
import { readLatestSignals, SignalsReader } from "../src/adapters/sqlite/page/signals.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { saveBacktestRun, startRun } from "../src/adapters/sqlite/runs-repo.ts";
import { readRuns } from "../src/adapters/sqlite/page/runs.ts";
import { insertFill } from "../src/adapters/sqlite/fills-repo.ts";
import { loadStatus, loadTopic, TODAY_SHOWN, topicReaders } from "../src/app/serve/topics.ts";
import { insertEquitySnapshot, insertSignal } from "../src/adapters/sqlite/snapshots-repo.ts";
import { money } from "../src/core/money.ts";

// The status page reloads the equity curve and the latest signals whenever the runner adds
// a row. A runner that runs for weeks has hundreds of thousands of them, so the page keeps
// both views incrementally: each refresh reads only the new rows, and gives exactly what a
// full read of the table gives.
const dir = mkdtempSync(path.join(tmpdir(), "serve-readers-"));
const db = openDatabase(path.join(dir, "robotrader.db"));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 10, 20, 14, 30);
let tick = 0;
function snapshot(runId: number, equity: string): void {
  tick += 1;
  insertEquitySnapshot(db, {
    runId, time: T0 + tick * 5000, marketTime: T0 + tick * 5000, cash: money("50000"), equity: money(equity),
    realized: money("0"), unrealized: money("0"), positions: [],
  });
}

describe("equity curve, read incrementally", () => {
  test("equals the full read at every size, across thinning steps and rows of another run in between; a refresh reads only new rows", () => {
    const run = startRun(db, { kind: "sim", params: {}, pid: 1 });
    const other = startRun(db, { kind: "paper", params: {}, pid: 2 });
    const reader = new EquityReader(8);
    for (let i = 0; i < 70; i++) {
      snapshot(run, (100_000 + i * 1.25).toFixed(2));
      if (i % 9 === 4) snapshot(other, "5");
      if (i % 9 === 4) snapshot(run, (100_000 + i * 1.25 + 0.5).toFixed(2));
      const full = readEquity(db, 8);
      expect(reader.read(db)).toEqual(full);
      expect(full.points.length).toBeLessThanOrEqual(8);
      expect(full.points.at(-1)!.equity).toBe(full.latest!.equity);
    }
    expect(reader.read(db).count).toBe(70 + 8);
    expect(reader.rowsRead).toBe(0);
    snapshot(run, "100500");
    snapshot(run, "100501");
    expect(reader.read(db)).toEqual(readEquity(db, 8));
    expect(reader.rowsRead).toBe(2);
  });

  test("a new run starts a new curve", () => {
    const reader = new EquityReader(8);
    reader.read(db);
    const next = startRun(db, { kind: "sim", params: {}, pid: 3 });
    snapshot(next, "99000");
    const view = reader.read(db);
    expect(view).toEqual(readEquity(db, 8));
    expect([view.runId, view.count, view.points.map((p) => p.equity)]).toEqual([next, 1, ["99000"]]);
  });

  test("thinning step: the smallest power of two keeping fewer than maxPoints", () => {
    expect([0, 1, 599, 600, 1199, 1200, 100_000].map((n) => thinningStep(n, 600))).toEqual([1, 1, 1, 2, 4, 4, 256]);
  });
});

describe("latest signal per symbol and strategy, read incrementally", () => {
  test("equals the full read after each new signal; a refresh reads only the new rows", () => {
    const reader = new SignalsReader();
    expect(reader.read(db)).toEqual(readLatestSignals(db));
    for (let i = 0; i < 40; i++) {
      const symbol = ["AAPL", "MSFT", "NVDA"][i % 3]!;
      insertSignal(db, { runId: null, time: T0 + i * 1000, strategy: i % 4 === 0 ? "breakout" : "sma-cross", symbol, kind: i % 2 ? "buy" : "sell", value: { close: 100 + i, qty: i } });
      expect(reader.read(db)).toEqual(readLatestSignals(db));
      expect(reader.rowsRead).toBe(1);
    }
    expect(reader.read(db).length).toBe(6);
    expect(reader.rowsRead).toBe(0);
  });
});

describe("runs", () => {
  test("many runner sessions after a backtest never push the backtest off the list", () => {
    const backtest = saveBacktestRun(db, { params: { strategy: "sma-cross", symbols: ["SPX"] }, stats: { totalReturn: 0.1 }, trades: [], equity: [] });
    for (let i = 0; i < 60; i++) startRun(db, { kind: "sim", params: {}, pid: 100 + i });
    const runs = readRuns(db, { limit: 50 });
    expect(runs.filter((r) => r.kind === "backtest").map((r) => r.id)).toContain(backtest);
    expect(runs.filter((r) => r.kind !== "backtest").length).toBe(50);
    expect(runs.map((r) => r.startedAt)).toEqual(runs.map((r) => r.startedAt).sort((a, b) => b - a));
  });
});

describe("trades topic", () => {
  test("a busy day's fills: the newest TODAY_SHOWN are sent, with the day's count and P&L over all of them", () => {
    const now = Date.now();
    for (let i = 0; i < TODAY_SHOWN + 30; i++) {
      insertFill(db, { orderKey: "", execId: `busy-${i}`, symbol: "AAPL", side: "sell", qty: 1, price: money("100"), commission: money("1"), time: now - 1000 + i }, { realizedPnl: money("0.5") });
    }
    const topic = loadTopic(db, "trades", loadStatus(db, now + 1000), { path: "x", now: now + 1000, readers: topicReaders() }) as {
      today: { execId: string }[]; todayCount: number; realizedToday: string;
    };
    expect(topic.today.length).toBe(TODAY_SHOWN);
    expect(topic.today[0]!.execId).toBe(`busy-${TODAY_SHOWN + 29}`);
    expect(topic.todayCount).toBe(TODAY_SHOWN + 30);
    expect(topic.realizedToday).toBe(money("0.5").times(TODAY_SHOWN + 30).toString());
  });
});
