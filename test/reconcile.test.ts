import { afterEach, describe, expect, test } from "bun:test";
import { EventName, OrderAction, OrderType, SecType } from "@stoqey/ib";
import type { SimGateway } from "../src/adapters/sim-gateway/index.ts";
import type { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { acceptBrokerPosition, lastReconciliation } from "../src/adapters/sqlite/engine-store-reconcile.ts";
import { listFills } from "../src/adapters/sqlite/fills-repo.ts";
import { getOrder, orderEvents } from "../src/adapters/sqlite/orders-repo.ts";
import { SqliteStore } from "../src/adapters/sqlite/engine-store.ts";
import type { ReconcileReport } from "../src/app/reconcile/reconcile.ts";
import { ReconciliationGate } from "../src/app/reconcile/gate.ts";
import { watchReconciliation, type ReconcileWatch } from "../src/app/reconcile/watch.ts";
import type { BrokerEvent } from "../src/core/events.ts";
import { money } from "../src/core/money.ts";
import { intentKey, type OrderIntent } from "../src/core/order.ts";
import { brokerRig, quietLog, roundTrip, startTestSim, type BrokerRig } from "./helpers/runner-harness.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient } from "./helpers/stoqey-client.ts";

let sim: SimGateway | undefined;
let rig: BrokerRig | undefined;
let watch: ReconcileWatch | undefined;

afterEach(async () => {
  watch?.stop();
  await rig?.close();
  if (sim) {
    await sim.close();
    expect(await settleCloseWait(sim.port)).toEqual([]);
  }
  sim = rig = watch = undefined;
});

const buy = (symbol: string, qty: number, signalTime = 1_700_000_000_000): OrderIntent => ({
  key: intentKey("rec", symbol, "buy", signalTime), strategy: "rec", signalTime, symbol, side: "buy", qty, type: "market", tif: "day",
});

/** A runner in miniature: the engine's store writes on every broker event, plus the gate and the watch. */
async function start(options: { partialFills?: number; store?: (r: BrokerRig) => SqliteStore } = {}) {
  const started = await startTestSim(options.partialFills ? { faults: { "partial-fills": options.partialFills } } : {});
  sim = started.sim;
  rig = await brokerRig(sim);
  const store = options.store?.(rig) ?? rig.store;
  const events: BrokerEvent[] = [];
  rig.broker.subscribe((e) => {
    events.push(e);
    if (e.kind === "fill") store.recordFill(e.fill);
    else store.recordOrderUpdate(e);
  });
  const gate = new ReconciliationGate();
  const reports: ReconcileReport[] = [];
  const waiters: ((r: ReconcileReport) => void)[] = [];
  watch = watchReconciliation({ conn: rig.conn, store, broker: rig.broker, gate, log: quietLog, onReport: (r) => {
    reports.push(r);
    for (const w of waiters.splice(0)) w(r);
  } });
  const nextReport = () => new Promise<ReconcileReport>((resolve) => waiters.push(resolve));
  return { sim, clock: started.clock, rig, store, events, gate, reports, nextReport, watch };
}

describe("reconciliation against the simulator over TCP", () => {
  test("fills that happen while the connection is down are recovered after the reconnect, once, and the order ends filled", async () => {
    const { sim, clock, rig, store, events, gate, nextReport, watch } = await start({ partialFills: 100 });
    expect((await watch.run("start")).problems).toEqual([]);
    const order = buy("AAPL", 300);
    expect(gate.check(order)).toBeUndefined();
    store.recordIntent(order);
    rig.broker.submit(order);
    await roundTrip(rig.conn);
    expect(getOrder(store.db, order.key)?.state).toBe("partially-filled");

    const reconnected = nextReport();
    const down = new Promise<void>((resolve) => {
      const off = rig.conn.events.on("state", (next) => next === "disconnected" && (off(), resolve()));
    });
    sim.dropConnections();
    clock.advance(5000);
    clock.advance(5000); // the remaining 200 shares fill while robotrader is away
    await down;
    expect(gate.check(order)?.reason).toContain("not connected");
    const report = await reconnected;

    expect(report.trigger).toBe("reconnect");
    expect(report.recoveredFills).toBe(2);
    expect(report.problems).toEqual([]);
    expect(gate.check(order)).toBeUndefined();
    const stored = listFills(store.db).map((f) => `${f.execId} ${f.qty} ${f.commission}`);
    expect(stored).toEqual(sim.account.executions.map((x) => `${x.execId} ${x.shares} ${x.commission}`));
    expect(getOrder(store.db, order.key)?.state).toBe("filled");
    expect(orderEvents(store.db, order.key).map((e) => e.state)).toEqual(["intent", "submitted", "acknowledged", "partially-filled", "filled"]);
    expect(store.positions().map((p) => `${p.symbol} ${p.qty}`)).toEqual(["AAPL 300"]);
    // Listeners (the engine) hear each fill once, all before the final state.
    const mine = events.filter((e) => (e.kind === "fill" ? e.fill.orderKey : e.key) === order.key);
    expect(mine.filter((e) => e.kind === "fill").reduce((n, e) => n + (e.kind === "fill" ? e.fill.qty : 0), 0)).toBe(300);
    expect(mine.at(-1)).toMatchObject({ kind: "order", state: "filled" });
  });

  test("a position IB holds but the database does not is reported, blocks only that symbol, and is not 'fixed'", async () => {
    const { sim, rig, store, gate, watch } = await start();
    const other = await connectClient(sim.port, 55);
    const filled = other.next(EventName.orderStatus, (_id: number, status: string) => status === "Filled");
    other.ib.placeOrder(1, { symbol: "MSFT", secType: SecType.STK, exchange: "SMART", currency: "USD" }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, transmit: true });
    await filled;
    await other.close();

    const report = await watch.run("start");
    expect(report.blockedSymbols).toEqual(["MSFT"]);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(["foreign-execution", "position-mismatch"]);
    expect(report.problems.find((p) => p.kind === "position-mismatch")?.message).toBe("MSFT: database position 0 but IB holds 10; new MSFT orders are blocked until they agree");
    expect(gate.check(buy("MSFT", 1))?.rule).toBe("reconciliation");
    expect(gate.check(buy("AAPL", 1))).toBeUndefined();
    expect(store.positions()).toEqual([]);
    expect(lastReconciliation(store.db)?.blockedSymbols).toEqual(["MSFT"]);
    const alerts = store.db.query("SELECT level, kind, message FROM alerts ORDER BY id").all() as { level: string; kind: string; message: string }[];
    expect(alerts.filter((a) => a.kind === "reconciliation").length).toBe(2);

    // A person accepts IB's position; the next reconciliation agrees and lifts the block.
    acceptBrokerPosition(store, { symbol: "MSFT", qty: 10, avgCost: money("150") }, "manual buy in TWS");
    const again = await watch.run("manual");
    expect(again.problems).toEqual([]);
    expect(gate.check(buy("MSFT", 1))).toBeUndefined();
    void rig;
  });

  test("1101 and 1102 each trigger a reconciliation; the gate holds new orders from 1100 until it has run", async () => {
    const { sim, clock, gate, nextReport, watch } = await start();
    await watch.run("start");
    for (const code of ["1101", "1102"] as const) {
      const next = nextReport();
      const lost = new Promise<void>((resolve) => {
        const off = rig!.conn.events.on("lost", () => {
          off();
          resolve();
        });
      });
      sim.setFault("connectivity-lost", code);
      await lost;
      expect(gate.check(buy("AAPL", 1))?.reason).toContain("1100");
      clock.advance(50);
      const report = await next;
      expect(report.trigger).toBe(code);
      expect(report.ok).toBe(true);
      expect(gate.check(buy("AAPL", 1))).toBeUndefined();
    }
  });

  test("an intent IB never saw is re-sent while fresh; an old one is marked failed with the reason and never sent", async () => {
    let now = Date.UTC(2024, 0, 2, 15);
    const { sim, rig, store, watch } = await start({ store: (r) => new SqliteStore(r.db, { account: r.store.account, now: () => now }) });
    const fresh = buy("AAPL", 5, 1);
    const stale = buy("MSFT", 5, 2);
    store.recordIntent(stale);
    now += 3_600_000;
    store.recordIntent(fresh);
    now += 1000;
    const report = await watch.run("start");
    await roundTrip(rig.conn);
    expect(report.resent).toEqual([fresh.key]);
    expect(getOrder(store.db, fresh.key)?.state).toBe("filled");
    expect(getOrder(store.db, stale.key)?.state).toBe("failed");
    expect(getOrder(store.db, stale.key)?.lastError).toBe("not sent: the broker never received it and the intent is 3601 s old (limit 600 s)");
    expect([...sim.account.orders.values()].map((o) => o.orderRef)).toEqual([fresh.key]);
  });
});
