import { describe, expect, test } from "bun:test";
import { openDatabase, type Db } from "../../adapters/sqlite/db.ts";
import { insertFill } from "../../adapters/sqlite/fills-repo.ts";
import { claimLease } from "../../adapters/sqlite/lease-repo.ts";
import { saveMetricsSnapshot } from "../../adapters/sqlite/metrics-repo.ts";
import { updateOrder, upsertIntent } from "../../adapters/sqlite/orders-repo.ts";
import { setPosition } from "../../adapters/sqlite/positions-repo.ts";
import { SqliteStore } from "../../adapters/sqlite/engine-store.ts";
import { recordReconciliation } from "../../adapters/sqlite/engine-store-reconcile.ts";
import { formatStatus } from "./status-format.ts";
import { fromNewYork } from "../../core/calendar/index.ts";
import { LATENCY, MetricsRegistry } from "../../core/metrics/index.ts";
import { money } from "../../core/money.ts";
import { intentKey, type Side } from "../../core/order.ts";
import { setKillSwitch } from "./kill-switch.ts";
import { RunnerStateWriter, type RunnerInfo } from "./state.ts";
import { buildStatus } from "./status.ts";

const DAY_START = fromNewYork("2026-03-10", 0); // midnight New York
const NOW = DAY_START + 14 * 3_600_000; // 10:00 New York
const YESTERDAY = DAY_START - 3_600_000;

function order(db: Db, symbol: string, side: Side, at: number, state: "intent" | "acknowledged" | "filled") {
  const key = intentKey("sma-cross", symbol, side, at);
  upsertIntent(db, { key, strategy: "sma-cross", symbol, side, qty: 10, type: "market", tif: "day", signalTime: at }, { time: at, account: "DU1234567" });
  if (state !== "intent") updateOrder(db, key, { state, time: at + 1 });
  return key;
}

const info: RunnerInfo = {
  state: "running", pid: 4242, host: "mac", mode: "paper", broker: "paper", account: "DU12****", strategy: "sma-cross",
  symbols: ["AAPL", "MSFT"], startedAt: NOW - 60_000, stoppedAt: null, exitReason: null, heartbeatMs: 5000, leaseMs: 30_000,
};

describe("status", () => {
  test("an empty database: stopped, unknown connection, no metrics, nothing invented", () => {
    const s = buildStatus(openDatabase(":memory:"), { now: NOW, host: "mac" });
    expect(s.runner).toMatchObject({ state: "stopped", pid: null, info: null });
    expect(s.connection).toEqual({ state: "unknown" });
    expect(s.metrics).toMatchObject({ time: null, latency: {} });
    expect(s.pnl).toEqual({ day: "2026-03-10", realized: "0", fillsWithoutPnl: 0, commissions: "0", unrealized: "0", otherAccountPositions: 0 });
    expect(s.killSwitch.at).toBeNull();
  });

  test("positions with and without a last price, open and today's orders, today's trades and P&L", () => {
    const db = openDatabase(":memory:");
    setPosition(db, "DU1234567", { symbol: "AAPL", qty: 10, avgCost: money("180.25") }, NOW);
    setPosition(db, "DU1234567", { symbol: "MSFT", qty: -5, avgCost: money("400") }, NOW);
    const oldFilled = order(db, "AAPL", "buy", YESTERDAY, "filled");
    const oldOpen = order(db, "MSFT", "sell", YESTERDAY, "acknowledged");
    const todayFilled = order(db, "AAPL", "sell", NOW - 1000, "filled");
    insertFill(db, { orderKey: oldFilled, execId: "e0", symbol: "AAPL", side: "buy", qty: 10, price: money("180.25"), commission: money("1"), time: YESTERDAY });
    insertFill(db, { orderKey: todayFilled, execId: "e1", symbol: "AAPL", side: "sell", qty: 4, price: money("185.5"), commission: money("1.0"), time: NOW - 900 }, { realizedPnl: money("20.0") });
    insertFill(db, { orderKey: "", execId: "e2", symbol: "MSFT", side: "sell", qty: 5, price: money("400"), commission: money("0.35"), time: NOW - 800 });
    const w = new RunnerStateWriter(db, () => NOW);
    w.price("AAPL", 190.25, NOW - 500);
    w.flushPrices();
    const s = buildStatus(db, { now: NOW, host: "mac" });
    expect(s.positions).toEqual([
      { account: "DU12****", symbol: "AAPL", qty: 10, avgCost: "180.25", lastPrice: 190.25, lastPriceAt: NOW - 500, unrealizedPnl: "100" },
      { account: "DU12****", symbol: "MSFT", qty: -5, avgCost: "400", lastPrice: null, lastPriceAt: null, unrealizedPnl: null },
    ]);
    expect(s.orders.map((o) => [o.orderRef, o.state])).toEqual([[oldOpen, "acknowledged"], [todayFilled, "filled"]]);
    expect(s.trades.map((t) => t.execId)).toEqual(["e1", "e2"]);
    expect(s.trades[1]!.orderRef).toBeNull();
    expect(s.pnl).toEqual({ day: "2026-03-10", realized: "20", fillsWithoutPnl: 1, commissions: "1.35", unrealized: null, otherAccountPositions: 0 });
    expect(JSON.stringify(s)).not.toContain("DU1234567");
    // e2 (no order of ours, no P&L stored) is unknown and left out of the sum: said so, not blamed on the broker.
    const text = formatStatus(s, (h, rows) => [h, ...rows].map((r) => r.join(" ")).join("\n"));
    expect(text).toContain("P&L today:    realized 20 (1 fill with unknown P&L not counted)");
  });

  test("a strategy's orders today count what went to the broker: pre-trade refusals apart, yesterday's open order not today's", () => {
    const db = openDatabase(":memory:");
    order(db, "MSFT", "sell", YESTERDAY, "acknowledged");
    order(db, "AAPL", "buy", NOW - 5000, "filled");
    const brokerRejected = order(db, "AAPL", "sell", NOW - 4000, "intent");
    updateOrder(db, brokerRejected, { state: "rejected", time: NOW - 3999, lastError: "IB 201: rejected", detail: { reason: "IB 201" } });
    // A buy-and-hold re-asking every bar, refused by a risk rule each time: stored for the trail, never sent.
    const store = new SqliteStore(db, { account: "DU1234567", now: () => NOW });
    for (let i = 1; i <= 3; i++) {
      const intent = { key: intentKey("sma-cross", "NVDA", "buy", NOW - i * 60_000), strategy: "sma-cross", symbol: "NVDA", side: "buy" as const, qty: 10, type: "market" as const, tif: "day" as const, signalTime: NOW - i * 60_000 };
      store.recordRefusal(intent, { kind: "refused", rule: "max_position_pct", reason: "over the position limit" });
    }
    const s = buildStatus(db, { now: NOW, host: "mac" });
    expect(s.strategies.map((v) => [v.strategy, v.ordersToday, v.refusedToday, v.openOrders])).toEqual([["sma-cross", 2, 3, 1]]);
  });

  test("unrealized P&L counts the runner's account only: a paper book beside an IB account whose price is unknown", () => {
    const db = openDatabase(":memory:");
    setPosition(db, "", { symbol: "AAPL", qty: 10, avgCost: money("180") }, NOW);
    setPosition(db, "DU1234567", { symbol: "MSFT", qty: 5, avgCost: money("400") }, NOW);
    const w = new RunnerStateWriter(db, () => NOW);
    w.price("AAPL", 181, NOW - 500);
    w.flushPrices();
    w.runner({ state: "running", pid: 1, host: "mac", mode: "paper", broker: "paper", account: null, strategy: "sma", symbols: ["AAPL"], startedAt: NOW - 1000, stoppedAt: null, exitReason: null, heartbeatMs: 1000, leaseMs: 30_000 });
    const s = buildStatus(db, { now: NOW, host: "mac" });
    expect(s.pnl).toMatchObject({ unrealized: "10", otherAccountPositions: 1 });
    const text = formatStatus(s, (h, rows) => [h, ...rows].map((r) => r.join(" ")).join("\n"));
    expect(text).toContain("unrealized 10 (+1 position in another account not counted)");
    // One account only: every position counts, nothing is said about others.
    const single = openDatabase(":memory:");
    setPosition(single, "DU1234567", { symbol: "MSFT", qty: 5, avgCost: money("400") }, NOW);
    expect(buildStatus(single, { now: NOW }).pnl).toMatchObject({ unrealized: null, otherAccountPositions: 0 });
  });

  test("a fresh lease is running; an old one is stale; a gone pid on this host is stale at once", () => {
    const db = openDatabase(":memory:");
    claimLease(db, { account: "DU1234567", pid: 4242, host: "mac", now: NOW - 3000, leaseMs: 30_000, isAlive: () => true });
    new RunnerStateWriter(db, () => NOW - 3000).runner(info);
    const alive = () => true;
    expect(buildStatus(db, { now: NOW, host: "mac", isAlive: alive }).runner).toMatchObject({
      state: "running", pid: 4242, account: "DU12****", heartbeatAgeMs: 3000, info: { strategy: "sma-cross", updatedAt: NOW - 3000 },
    });
    expect(buildStatus(db, { now: NOW + 27_000, host: "mac", isAlive: alive }).runner.state).toBe("stale");
    const gone = buildStatus(db, { now: NOW, host: "mac", isAlive: () => false }).runner;
    expect(gone.state).toBe("stale");
    expect(gone.why).toContain("pid 4242 is gone");
    // Another host's pid is never checked here.
    expect(buildStatus(db, { now: NOW, host: "other", isAlive: () => false }).runner.state).toBe("running");
  });

  test("the connection is marked last-known when no runner is running", () => {
    const db = openDatabase(":memory:");
    new RunnerStateWriter(db, () => NOW - 5000).connection({
      state: "connected", host: "127.0.0.1", port: 4002, clientId: 17, serverVersion: 176, connectedAt: NOW - 60_000,
      lastHeartbeatAt: NOW - 6000, reconnects: 2, farms: [], lastError: null,
    });
    expect(buildStatus(db, { now: NOW, host: "mac" }).connection).toMatchObject({ state: "connected", reconnects: 2, current: false, updatedAt: NOW - 5000 });
  });

  test("the reconciliation row as reconcile.ts stores it is shown with its problems, blocked symbols and alerts", () => {
    const db = openDatabase(":memory:");
    const problem = { kind: "position-mismatch", symbol: "MSFT", message: "MSFT: database position 0 but IB holds 10; new MSFT orders are blocked until they agree" };
    const other = { kind: "order-behind", message: "rt:x: submitted -> filled from IB's report" };
    recordReconciliation(db, { time: NOW - 5000, account: "DU1", ok: true, trigger: "start", problems: [problem, other], blockedSymbols: ["MSFT"], recoveredFills: 0, advancedOrders: 1, resent: [] });
    const status = buildStatus(db, { now: NOW });
    expect(status.unreadable).toEqual([]);
    expect(status.reconciliation).toMatchObject({ at: NOW - 5000, ok: true, trigger: "start", blockedSymbols: ["MSFT"] });
    expect(status.reconciliation?.problems).toEqual([{ ...problem }, { ...other, symbol: null }]);
    expect(status.alerts.filter((a) => a.kind === "reconciliation").map((a) => a.message).sort()).toEqual([problem.message, other.message].sort());
    const text = formatStatus(status, (h, rows) => [h, ...rows].map((r) => r.join(" ")).join("\n"));
    expect(text).toContain("Reconcile:    2 problem(s) at");
    expect(text).toContain("blocked: MSFT");
    expect(text).toContain(`- MSFT position-mismatch: ${problem.message}`);
    db.close();
  });

  test("kill switch, latest metrics with their age, and alerts", () => {
    const db = openDatabase(":memory:");
    setKillSwitch(db, { on: true, reason: "daily loss limit", by: "runner:daily-loss-limit", now: NOW - 100 });
    const r = MetricsRegistry.standard();
    r.latency(LATENCY.dataToSignal).record(0.8);
    saveMetricsSnapshot(db, r.snapshot(NOW - 2000));
    const s = buildStatus(db, { now: NOW, host: "mac" });
    expect(s.killSwitch).toMatchObject({ on: true, reason: "daily loss limit" });
    expect(s.metrics).toMatchObject({ time: NOW - 2000, ageMs: 2000 });
    expect(s.metrics.time !== null && s.metrics.latency[LATENCY.dataToSignal]!.total.p50).toBe(0.8);
    expect(s.alerts.map((a) => a.kind)).toEqual(["kill-switch"]);
  });
});
