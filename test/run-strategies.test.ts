import { afterEach, describe, expect, test } from "bun:test";
import { getPositions } from "../src/adapters/sqlite/positions-repo.ts";
import { listStrategyPositions } from "../src/adapters/sqlite/strategy-positions-repo.ts";
import { buildStatus } from "../src/app/runner/status.ts";
import { recordedStrategy, replayRecorded } from "../src/app/backtest/replay.ts";
import { combineStrategies } from "../src/strategy/combine.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

describe("run --sim with two strategies in one account", () => {
  test("orders, positions and P&L are attributed to each strategy; per-strategy positions add up to the account's", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // Overlapping symbols: both trade NVDA. No daily trade cap, no duplicate window: both may act on one symbol.
    const config = testConfig(dir, { run: { barSize: "1m" }, risk: { maxDailyTradesPerSymbol: 1000, duplicateWindowMinutes: 0 } });
    const strategy = combineStrategies([
      { strategy: configureStrategy("sma-cross", { fast: 3, slow: 8 }), symbols: ["AAPL", "NVDA"], source: "sma-cross" },
      { strategy: { ...configureStrategy("sma-cross", { fast: 2, slow: 5 }), name: "quick" }, symbols: ["NVDA", "TSLA"], source: "sma-cross", limits: { maxOpenPositions: 1 } },
    ]);
    const run = simSession(config, { strategy, symbols: ["AAPL", "NVDA", "TSLA"], sim: { speed: 3000 } });
    const { runId } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    const filledBy = (s: string) => count(db, "SELECT count(*) AS n FROM orders WHERE strategy = $s AND state = 'filled'", { s });
    await until(() => filledBy("sma-cross") >= 2 && filledBy("quick") >= 2 && count(db, "SELECT count(*) AS n FROM orders WHERE strategy = 'quick' AND symbol = 'NVDA' AND state = 'filled'") >= 1);
    run.stop();
    await run.summary;

    // Every order names its strategy in the row and in its key.
    for (const o of db.query("SELECT order_ref, strategy FROM orders").all() as { order_ref: string; strategy: string }[]) {
      expect(o.order_ref.startsWith(`rt:${o.strategy}:`)).toBe(true);
    }
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE strategy = 'quick' AND symbol = 'AAPL'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE strategy = 'sma-cross' AND symbol = 'TSLA'")).toBe(0);

    // Per strategy positions sum to the account's, symbol by symbol.
    const rows = listStrategyPositions(db, "");
    const sum = new Map<string, number>();
    for (const r of rows) sum.set(r.symbol, (sum.get(r.symbol) ?? 0) + r.qty);
    for (const p of getPositions(db, "")) expect(sum.get(p.symbol)).toBe(p.qty);
    for (const [symbol, qty] of sum) if (qty !== 0) expect(getPositions(db, "").find((p) => p.symbol === symbol)?.qty).toBe(qty);
    // Each strategy's fills counted on its rows equal its fills in the store.
    for (const s of ["sma-cross", "quick"]) {
      const fills = count(db, "SELECT count(*) AS n FROM fills f JOIN orders o ON o.order_ref = f.order_ref WHERE o.strategy = $s", { s });
      expect(rows.filter((r) => r.strategy === s).reduce((n, r) => n + r.fills, 0)).toBe(fills);
    }

    // Signals are recorded under the strategy that decided.
    expect(count(db, "SELECT count(*) AS n FROM signals WHERE strategy = 'quick'")).toBeGreaterThan(0);
    expect(count(db, "SELECT count(*) AS n FROM signals WHERE strategy = 'sma-cross'")).toBeGreaterThan(0);
    expect(count(db, "SELECT count(*) AS n FROM signals WHERE strategy NOT IN ('quick', 'sma-cross')")).toBe(0);

    const status = buildStatus(db, { now: Date.now() });
    expect(status.strategies.map((s) => s.strategy).sort()).toEqual(["quick", "sma-cross"]);
    for (const s of status.strategies) {
      expect(s.ordersToday).toBeGreaterThan(0);
      expect(s.fills).toBeGreaterThan(0);
      expect(Number.isFinite(Number(s.realized))).toBe(true);
    }
    expect(status.orders.every((o) => o.strategy === "quick" || o.strategy === "sma-cross")).toBe(true);

    // The recording replays to the same orders: each strategy built again from its source, name and limits.
    const replay = replayRecorded(db, { runId, strategy: await recordedStrategy(db, runId) });
    expect(replay.orders).toBeGreaterThan(0);
    expect(replay.firstDivergence).toBeNull();
    expect(replay.identical).toBe(replay.orders);
  }, 90_000);
});
