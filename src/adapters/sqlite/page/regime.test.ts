import { describe, expect, test } from "bun:test";
import { money } from "../../../core/money.ts";
import { openDatabase } from "../db.ts";
import { saveBars } from "../bars-repo.ts";
import { insertFill } from "../fills-repo.ts";
import { insertEquitySnapshot } from "../snapshots-repo.ts";
import { readPerformance } from "./performance.ts";
import { RegimeReader } from "./regime.ts";

const DAY = 86_400_000;

describe("status page: Regime & Models and Performance from the store", () => {
  test("market regime from the index (embedded SPX when not stored), each stored symbol's own, models dash when none", () => {
    const db = openDatabase(":memory:");
    const bars = Array.from({ length: 400 }, (_, i) => {
      const c = 100 * 1.002 ** i * (1 + 0.003 * Math.sin(i));
      return { time: Date.UTC(2022, 0, 3) + i * DAY, open: c, high: c * 1.01, low: c * 0.99, close: c, volume: 1000 };
    });
    saveBars(db, { symbol: "AAPL", barSize: "1d" }, bars);
    const reader = new RegimeReader();
    const view = reader.read(db, 1_000_000);
    expect(view.market?.hmm).toMatchObject({ symbol: "SPX", source: "embedded", label: "state 1 (high-vol)", since: Date.UTC(2020, 1, 24) });
    expect(view.market!.hmm!.probability!).toBeGreaterThan(0.99);
    expect(view.market?.rules?.label).toBe("bear high-vol");
    expect(view.symbols).toEqual([expect.objectContaining({ symbol: "AAPL", barSize: "1d", source: "store", label: expect.stringMatching(/^bull /), probability: null })]);
    expect(view.models).toEqual([]);
    // Within 30 s the same view comes back (no rescans); later it is recomputed.
    expect(reader.read(db, 1_000_000 + 29_999)).toBe(view);
    expect(reader.read(db, 1_000_000 + 30_000)).not.toBe(view);
  });

  test("performance: the newest run's return and drawdown, realized P&L by symbol; nothing made up when empty", () => {
    const db = openDatabase(":memory:");
    expect(readPerformance(db)).toEqual({ equity: null, bySymbol: [], byStrategy: [], byMonth: [], closingFills: 0 });
    const snap = (time: number, equity: number) =>
      insertEquitySnapshot(db, { runId: null, time, marketTime: time, cash: money(equity), equity: money(equity), realized: money(0), unrealized: money(0), positions: [] });
    snap(1000, 100_000);
    snap(2000, 110_000);
    snap(3000, 99_000);
    snap(4000, 105_000);
    const fill = (execId: string, symbol: string, pnl: number | undefined) =>
      insertFill(db, { orderKey: `k-${execId}`, execId, symbol, side: "sell", qty: 10, price: money(100), commission: money(1), time: Date.UTC(2026, 0, 5) }, pnl === undefined ? {} : { realizedPnl: money(pnl) });
    fill("1", "AAPL", 50);
    fill("2", "AAPL", -20);
    fill("3", "MSFT", 10);
    fill("4", "MSFT", undefined); // an opening fill realizes nothing
    const p = readPerformance(db);
    expect(p.equity).toMatchObject({ totalReturn: expect.closeTo(0.05, 12), maxDrawdown: expect.closeTo(0.1, 12), snapshots: 4 });
    expect(p.closingFills).toBe(3);
    expect(p.bySymbol.map((r) => [r.key, r.trades, r.pnl])).toEqual([["AAPL", 2, 30], ["MSFT", 1, 10]]);
    expect(p.byStrategy.map((r) => r.key)).toEqual(["unknown"]); // fills with no stored order
  });
});
