import { describe, expect, test } from "bun:test";
import type { TradeRecord } from "../../backtest/types.ts";
import { money } from "../../core/money.ts";
import { openDatabase } from "./db.ts";
import { backtestEquity, backtestTrades, finishRun, getRun, listRuns, saveBacktestRun, startRun } from "./runs-repo.ts";

const trades: TradeRecord[] = [
  { symbol: "SPX", side: "long", qty: 10, entryTime: 1000, entryPrice: money("1455.22"), exitTime: 2000, exitPrice: money("1500.1"), pnl: money("446.80"), commission: money("2") },
  { symbol: "SPX", side: "long", qty: 10, entryTime: 3000, entryPrice: money("0.1"), exitTime: null, exitPrice: null, pnl: money("-0.3"), commission: money("1") },
];
const equity = [{ time: 1000, equity: 100000 }, { time: 2000, equity: 100446.8 }, { time: 3000, equity: 100445.8 }];

describe("runs repository", () => {
  test("a backtest run is saved whole and read back exactly (money as decimal strings)", () => {
    const db = openDatabase(":memory:");
    const id = saveBacktestRun(db, { params: { strategy: "sma-cross", fast: 10 }, stats: { sharpe: 1.2, cagr: Number.NaN }, trades, equity, startedAt: 5, endedAt: 9 });
    const run = getRun(db, id)!;
    expect(run).toMatchObject({ id, kind: "backtest", status: "completed", startedAt: 5, endedAt: 9, params: { strategy: "sma-cross", fast: 10 }, stats: { sharpe: 1.2, cagr: null } });
    const back = backtestTrades(db, id);
    expect(back.map((t) => [t.entryPrice.toString(), t.exitPrice?.toString() ?? null, t.pnl.toString()])).toEqual([
      ["1455.22", "1500.1", "446.8"],
      ["0.1", null, "-0.3"],
    ]);
    expect(back[1]!.exitTime).toBeNull();
    expect(backtestEquity(db, id)).toEqual(equity);
  });

  test("a run that cannot be saved completely leaves no trace", () => {
    const db = openDatabase(":memory:");
    const duplicateTimes = [...equity, equity[0]!];
    expect(() => saveBacktestRun(db, { params: {}, stats: {}, trades, equity: duplicateTimes })).toThrow();
    expect(listRuns(db)).toEqual([]);
    expect(db.query("SELECT COUNT(*) AS n FROM backtest_trades").get()).toEqual({ n: 0 });
  });

  test("live runs start as running and finish with a status; newest listed first", () => {
    const db = openDatabase(":memory:");
    const a = startRun(db, { kind: "paper", params: { symbols: ["AAPL"] }, startedAt: 10, pid: 42, host: "box" });
    const b = startRun(db, { kind: "sim", params: {}, startedAt: 20 });
    finishRun(db, a, { status: "completed", stats: { trades: 3 }, endedAt: 30 });
    expect(listRuns(db).map((r) => r.id)).toEqual([b, a]);
    expect(listRuns(db, { kind: "paper" })).toEqual([
      { id: a, kind: "paper", status: "completed", startedAt: 10, endedAt: 30, params: { symbols: ["AAPL"] }, stats: { trades: 3 }, pid: 42, host: "box" },
    ]);
    expect(listRuns(db, { limit: 1 }).length).toBe(1);
  });

  test("deleting a run deletes its trades and equity (foreign keys are on)", () => {
    const db = openDatabase(":memory:");
    const id = saveBacktestRun(db, { params: {}, stats: {}, trades, equity });
    db.run("DELETE FROM runs WHERE id = ?", [id]);
    expect(backtestTrades(db, id)).toEqual([]);
    expect(backtestEquity(db, id)).toEqual([]);
  });
});
