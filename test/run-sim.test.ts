import { afterEach, describe, expect, test } from "bun:test";
import { getPositions } from "../src/adapters/sqlite/positions-repo.ts";
import { listRuns } from "../src/adapters/sqlite/runs-repo.ts";
import { readRunnerState } from "../src/app/runner/state.ts";
import { RegimeReader } from "../src/adapters/sqlite/page/regime.ts";
import { readModelsLive } from "../src/adapters/sqlite/page/predictions.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { buildTradingSetup } from "../src/app/setup/trading-setup.ts";
import { readRunnerRegimes } from "../src/adapters/sqlite/runner-regimes-repo.ts";
import type { ProbabilitySource } from "../src/strategy/ml/ml.ts";
import { buildStatus } from "../src/app/runner/status.ts";
import { money, toCents, ZERO } from "../src/core/money.ts";
import { count, reader, simSession, tempDir, testConfig } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

describe("run --sim", () => {
  test("a paper session trades on the simulator's prices: fills, orders and positions in the store agree with the books", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir));
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    // Until a position has been closed: a selling fill (long-only), which realized P&L.
    await run.started.then(() => undefinedUntil(() => count(db, "SELECT count(*) AS n FROM fills WHERE side = 'sell'") >= 1));
    run.stop();
    const summary = await run.summary;
    expectBookkeeping(db, summary);

    expect(summary.fills).toBeGreaterThanOrEqual(2);
    expect(summary.stopReason).toBe("SIGTERM");
    expect(count(db, "SELECT count(*) AS n FROM fills WHERE exec_id LIKE 'paper:%' AND account = ''")).toBe(summary.fills);
    // Every paper fill's realized P&L is known: 0 for an opening fill.
    expect(count(db, "SELECT count(*) AS n FROM fills WHERE realized_pnl IS NULL")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM fills WHERE side = 'buy' AND realized_pnl <> '0'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE state = 'filled'")).toBe(summary.orders["filled"] ?? 0);
    const stored = getPositions(db, "").map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: Number(p.avgCost.toString()) }));
    const books = summary.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: Number(p.avgCost) }));
    expect(stored.sort(bySymbol)).toEqual(books.sort(bySymbol));
    // Every fill comes from the replay's prices: a price inside the day's range, commission charged.
    for (const f of db.query("SELECT price, commission FROM fills").all() as { price: string; commission: string }[]) {
      expect(Number(f.price)).toBeGreaterThan(0);
      expect(Number(f.commission)).toBeGreaterThan(0);
    }
    expect(count(db, "SELECT count(*) AS n FROM metric_snapshots")).toBeGreaterThan(0);
    expect(listRuns(db, { kind: "sim" })[0]?.status).toBe("completed");
    const state = readRunnerState(db);
    expect(state.runner.value?.state).toBe("stopped");
    expect(state.connection.value?.state).toBe("closed");
    expect(summary.latencyMs["data-to-signal"]!.count).toBeGreaterThan(0);
    // Every order sent is timed from its bar's arrival too, which came before its signal.
    const barToOrder = summary.latencyMs["bar-to-order"]!;
    const signalToOrder = summary.latencyMs["signal-to-order"]!;
    expect(barToOrder.count).toBeGreaterThan(0);
    expect(barToOrder.count).toBe(signalToOrder.count);
    expect(barToOrder.max!).toBeGreaterThanOrEqual(signalToOrder.max!);
    // ... and from the socket read that carried its bar, which came first of all.
    const readToOrder = summary.latencyMs["read-to-order"]!;
    expect(readToOrder.count).toBe(barToOrder.count);
    expect(readToOrder.max!).toBeGreaterThanOrEqual(barToOrder.max!);
    // The Regime & Models panel: each traded symbol's rules regime as the runner published it.
    const regimes = new RegimeReader().read(db, Date.now());
    const traded = regimes.symbols.filter((r) => r.source === "runner");
    expect(traded.map((r) => r.symbol).sort()).toEqual([...summary.symbols].sort());
    // This short run has too few bars for the 200-bar trend: known as of its last bar, label a dash.
    for (const r of traded) expect(r).toMatchObject({ barSize: "5m", asOf: expect.any(Number) });
  }, 90_000);

  test("--strategy ml: each live prediction is a signal (p, close, model); the page's hit rate comes from them; backfill's are not recorded", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // A stand-in model: up when the close's cents are even (the simulator's prices decide).
    const model: ProbabilitySource = { modelId: "m-test", scorer: () => ({ score: (bar) => (Math.round(bar.close * 100) % 2 === 0 ? 0.8 : 0.2) }) };
    const run = simSession(testConfig(dir), { strategy: configureStrategy("ml", { model }), symbols: ["AAPL", "MSFT"] });
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await undefinedUntil(() => count(db, "SELECT count(*) AS n FROM signals WHERE kind = 'prediction'") >= 6);
    run.stop();
    const summary = await run.summary;
    const rows = (db.query("SELECT symbol, strategy, value FROM signals WHERE kind = 'prediction'").all() as { symbol: string; strategy: string; value: string }[]).map((r) => ({ ...r, value: JSON.parse(r.value) }));
    for (const r of rows) {
      const { model: id, barTime, close, p } = r.value as { model: string; barTime: number; close: number; p: number };
      expect([r.strategy, id, typeof barTime, typeof close]).toEqual(["ml", "m-test", "number", "number"]);
      expect(p).toBe(Math.round(close * 100) % 2 === 0 ? 0.8 : 0.2);
    }
    // Only live bars: the backfill's predictions only warmed the model up.
    expect(rows.length).toBeLessThanOrEqual(summary.bars.live);
    expect(readModelsLive(db).get("m-test")?.scored).toBeGreaterThan(0);
  }, 90_000);

  test("--regime-filter on the market regime while the index is not traded: the index is followed as data only, never traded", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const config = testConfig(dir);
    const strategy = configureStrategy("sma-cross", { fast: 3, slow: 8 });
    const symbols = ["AAPL", "MSFT"];
    const setup = buildTradingSetup(config, { strategy, symbols, regimeFilter: { filter: "bull", source: "market" } });
    const run = simSession(config, { strategy, symbols, setup });
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    // The index's bars reach the runner: the market row of its published regimes has their time.
    await undefinedUntil(() => (readRunnerRegimes(db)?.value.market?.asOf ?? null) !== null);
    run.stop();
    const summary = await run.summary;
    expect(summary.symbols).toEqual(symbols);
    expect(readRunnerRegimes(db)?.value.market?.symbol).toBe("SPX");
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE symbol = 'SPX'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM signals WHERE symbol = 'SPX'")).toBe(0);
  }, 90_000);

  test("--broker ibkr: orders go to the simulator's account and the stored positions equal the account's", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir), { broker: "ibkr" });
    const { sim } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await undefinedUntil(() => count(db, "SELECT count(*) AS n FROM fills WHERE account = 'DU1234567'") >= 1);
    // Let working orders settle: stop once every stored order is final.
    await undefinedUntil(() => count(db, "SELECT count(*) AS n FROM orders WHERE state NOT IN ('filled','cancelled','rejected','failed')") === 0);
    run.stop();
    const summary = await run.summary;
    expect(summary.fills).toBeGreaterThanOrEqual(1);
    const account = [...sim!.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => ({ symbol: p.symbol, qty: Number(p.quantity.toString()) }));
    const stored = getPositions(db, "DU1234567").map((p) => ({ symbol: p.symbol, qty: p.qty }));
    expect(stored.sort(bySymbol)).toEqual(account.sort(bySymbol));
    expect(count(db, "SELECT count(*) AS n FROM fills WHERE account = 'DU1234567'")).toBe(sim!.account.executions.length);
  }, 90_000);

  test("--broker ibkr: the risk limits size on the broker's account values (NetLiquidation, TotalCashValue), not on --cash", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir), { broker: "ibkr", cash: 100_000, sim: { speed: 300, gateway: { startingCash: 2_500_000 } } });
    cleanup.push(() => run.stop());
    const { session } = await run.started;
    // Asked before trading starts: the simulator's fresh account holds only cash.
    expect(session.accountValues?.equity()?.toString()).toBe("2500000");
    expect(session.accountValues?.cash()?.toString()).toBe("2500000");
    run.stop();
    await run.summary;
  }, 60_000);
});

/** Equity snapshots, signals, realized P&L and the wall-clock "today" agree with the books and the orders. */
function expectBookkeeping(db: ReturnType<typeof reader>, summary: Awaited<ReturnType<typeof simSession>["summary"]>): void {
  const snapshots = db.query("SELECT * FROM equity_snapshots ORDER BY id").all() as { run_id: number; time: number; market_time: number; cash: string; equity: string; realized: string; unrealized: string; positions: string }[];
  expect(snapshots.length).toBeGreaterThan(3);
  for (const s of snapshots) {
    expect(s.run_id).toBe(summary.runId);
    const positions = JSON.parse(s.positions) as { qty: number; price: number }[];
    // Exact: equity = cash + sum of qty x last price, as decimal strings.
    expect(positions.reduce((sum, p) => sum.plus(money(p.price).times(p.qty)), money(s.cash)).toString()).toBe(s.equity);
    expect(s.market_time).toBeLessThan(Date.parse("2020-01-01")); // the replay's day, kept apart
    expect(s.time).toBeGreaterThan(Date.parse(summary.startedAt) - 60_000); // rows are wall time
  }
  const realized = (db.query("SELECT realized_pnl FROM fills WHERE realized_pnl IS NOT NULL").all() as { realized_pnl: string }[]).reduce((sum, r) => sum.plus(r.realized_pnl), ZERO);
  expect(toCents(realized).toFixed(2)).toBe(summary.pnl.realized);
  expect(toCents(money(snapshots.at(-1)!.realized)).toFixed(2)).toBe(summary.pnl.realized);
  // Every order that reached the broker came from a recorded decision with its intent key and indicator values.
  const signals = db.query("SELECT symbol, kind, value FROM signals").all() as { symbol: string; kind: string; value: string }[];
  const refs = signals.map((s) => JSON.parse(s.value) as { orderRef?: string; indicators?: Record<string, number | null> });
  const sent = (db.query("SELECT order_ref FROM orders WHERE state != 'rejected' ORDER BY order_ref").all() as { order_ref: string }[]).map((o) => o.order_ref);
  expect(refs.flatMap((v) => (v.orderRef ? [v.orderRef] : [])).sort()).toEqual(sent);
  for (const v of refs) if (v.orderRef?.startsWith("rt:sma-cross:")) expect(Object.keys(v.indicators ?? {}).sort()).toEqual(["sma_3", "sma_8"]);
  // "Today" is the wall clock's day for fills and orders alike, under --sim too.
  const status = buildStatus(db, { now: Date.now() });
  expect(status.trades.length).toBe(summary.fills);
  expect(status.orders.length).toBe(count(db, "SELECT count(*) AS n FROM orders"));
}

const bySymbol = (a: { symbol: string }, b: { symbol: string }) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);

async function undefinedUntil(check: () => boolean): Promise<void> {
  const { until } = await import("./run-helpers.ts");
  await until(check);
}
