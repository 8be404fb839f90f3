import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import type { BrokerEvent } from "../../../core/events.ts";
import { intentKey, type OrderIntent } from "../../../core/order.ts";
import { IbConnection } from "../connection/connection.ts";
import { IbBroker } from "./ib-broker.ts";
import { openDatabase } from "../../sqlite/db.ts";
import { SqliteStore } from "../../sqlite/engine-store.ts";
import { orderEvents } from "../../sqlite/orders-repo.ts";
import type { SimGateway } from "../../sim-gateway/index.ts";
import { brokerRig, quietLog, roundTrip, startTestSim, type BrokerRig } from "../../../../test/helpers/runner-harness.ts";

let sim: SimGateway | undefined;
const rigs: BrokerRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
  await sim?.close();
  sim = undefined;
});

const order = (symbol: string, signalTime: number, qty = 10): OrderIntent => ({ key: intentKey("t", symbol, "buy", signalTime), strategy: "t", signalTime, symbol, side: "buy", qty, type: "market", tif: "day" });

function record(rig: BrokerRig): BrokerEvent[] {
  const events: BrokerEvent[] = [];
  rig.broker.subscribe((e) => events.push(e));
  return events;
}

describe("IbBroker", () => {
  test("writes the intent and the IB order id before sending; the order id is the one IB filled", async () => {
    ({ sim } = await startTestSim());
    const rig = await brokerRig(sim);
    rigs.push(rig);
    const seen: string[] = [];
    const probeRig = { ...rig, broker: new IbBroker({ conn: rig.conn, journal: rig.store, log: quietLog, probe: (point, key) => point === "before-send" && seen.push(`${rig.store.lookup(key)?.state} ${rig.store.lookup(key)?.brokerOrderId}`) }) };
    const o = order("AAPL", 1);
    probeRig.broker.submit(o);
    await roundTrip(rig.conn);
    probeRig.broker.close();
    const placed = [...sim.account.orders.values()][0]!;
    expect(seen).toEqual([`submitted ${placed.orderId}`]);
    expect(placed.orderRef).toBe(o.key);
    expect(orderEvents(rig.db, o.key).map((e) => e.state)).toEqual(["intent", "submitted"]);
  });

  test("an IB error naming the order id reaches listeners as a rejection with IB's code and words", async () => {
    ({ sim } = await startTestSim());
    const rig = await brokerRig(sim);
    rigs.push(rig);
    const events = record(rig);
    const o = order("ZZZZ", 2);
    rig.broker.submit(o);
    await roundTrip(rig.conn);
    const last = events.at(-1);
    expect(last).toMatchObject({ kind: "order", key: o.key, state: "rejected" });
    expect(last?.kind === "order" ? last.reason : "").toMatch(/^IB 200: /);
  });

  test("a key the journal shows as sent is not sent again by a new process; its stored state is repeated", async () => {
    ({ sim } = await startTestSim());
    const file = `/tmp/rt-ibb-${process.pid}-${Date.now()}.db`;
    const first = await brokerRig(sim, { file });
    const o = order("AAPL", 3);
    first.broker.submit(o);
    await roundTrip(first.conn);
    await first.close();
    const second = await brokerRig(sim, { file, clientId: 8 });
    rigs.push(second);
    const events = record(second);
    second.broker.submit(o);
    await roundTrip(second.conn);
    expect(sim.account.orders.size).toBe(1);
    expect(events.map((e) => (e.kind === "order" ? e.state : "fill"))).toEqual(["submitted"]);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  test("a read-only connection fails the order with the reason and sends nothing", async () => {
    ({ sim } = await startTestSim());
    const conn = new IbConnection({ host: sim.host, port: sim.port, clientId: 12, handshakeTimeoutMs: 3000, log: quietLog });
    await conn.start();
    const db = openDatabase(":memory:");
    const broker = new IbBroker({ conn, journal: new SqliteStore(db, { account: "" }), log: quietLog });
    const events: BrokerEvent[] = [];
    broker.subscribe((e) => events.push(e));
    broker.submit(order("AAPL", 4));
    expect(events).toMatchObject([{ state: "failed", reason: "not sent: the IB connection is read-only (data mode)" }]);
    expect(sim.account.orders.size).toBe(0);
    broker.close();
    await conn.close();
    db.close();
  });
});
