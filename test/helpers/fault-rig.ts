import { expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { IbConnection } from "../../src/adapters/ib/connection/connection.ts";
import { IbBroker } from "../../src/adapters/ib/execution/ib-broker.ts";
import type { SimGateway } from "../../src/adapters/sim-gateway/index.ts";
import { openDatabase, type Db } from "../../src/adapters/sqlite/db.ts";
import { lastReconciliation } from "../../src/adapters/sqlite/engine-store-reconcile.ts";
import { SqliteStore } from "../../src/adapters/sqlite/engine-store.ts";
import { listFills } from "../../src/adapters/sqlite/fills-repo.ts";
import { getOrder, listOrders } from "../../src/adapters/sqlite/orders-repo.ts";
import { getPositions } from "../../src/adapters/sqlite/positions-repo.ts";
import { ReconciliationGate } from "../../src/app/reconcile/gate.ts";
import { watchReconciliation, type ReconcileWatch } from "../../src/app/reconcile/watch.ts";
import { intentKey, type OrderIntent } from "../../src/core/order.ts";
import type { Logger } from "../../src/log/logger.ts";
import { quietLog } from "./runner-harness.ts";

/**
 * The runner's order path, in this process, against a gateway (the simulator, or a proxy in
 * front of it): connection with a quick heartbeat, IbBroker over a SQLite file, and
 * continuous reconciliation (every `reconcileMs` and on anomalies) steering a gate, as
 * `run --broker ibkr` wires them. Orders go through the gate like the engine's.
 */
export interface FaultRig {
  readonly conn: IbConnection;
  readonly db: Db;
  readonly store: SqliteStore;
  readonly broker: IbBroker;
  readonly gate: ReconciliationGate;
  readonly watch: ReconcileWatch;
  /** Sends a market order now (refused: the gate's reason). */
  buy(symbol: string, qty: number, signalTime: number): { key: string; refused?: string };
  close(): Promise<void>;
}

export async function faultRig(
  where: { host: string; port: number },
  options: { clientId?: number; reconcileMs?: number; ackTimeoutMs?: number; heartbeatMs?: number; log?: Logger } = {},
): Promise<FaultRig> {
  const log = options.log ?? quietLog;
  const dir = mkdtempSync(path.join(tmpdir(), "rt-fault-"));
  const conn = new IbConnection({
    host: where.host, port: where.port, clientId: options.clientId ?? 7, handshakeTimeoutMs: 2000, allowOrders: true,
    heartbeatMs: options.heartbeatMs ?? 150, heartbeatTimeoutMs: 600, frameStallMs: 300, backoff: { baseMs: 20, maxMs: 100 }, random: () => 0, log, reloginNotice: false,
  });
  const started = await conn.start();
  if (!started.ok) throw new Error(`faultRig: cannot connect: ${started.error.message}`);
  const db = openDatabase(path.join(dir, "robotrader.db"), { synchronous: "full" });
  const store = new SqliteStore(db, { account: started.value.accounts[0] ?? "", mode: "sim", log: quietLog });
  const gate = new ReconciliationGate();
  let watch: ReconcileWatch | undefined;
  const broker = new IbBroker({
    conn, journal: store, account: store.account, log: quietLog, ackTimeoutMs: options.ackTimeoutMs ?? 400,
    onAnomaly: (why) => watch?.poke(`anomaly: ${why}`),
  });
  broker.subscribe((event) => {
    if (event.kind === "fill") store.recordFill(event.fill);
    else store.recordOrderUpdate(event);
  });
  watch = watchReconciliation({ conn, store, broker, gate, log: quietLog, intervalMs: options.reconcileMs ?? 200, watchPositions: true });
  await watch.run("start");
  return {
    conn, db, store, broker, gate, watch,
    buy(symbol, qty, signalTime) {
      const intent: OrderIntent = { key: intentKey("fault", symbol, "buy", signalTime), strategy: "fault", signalTime, symbol, side: "buy", qty, type: "market", tif: "day" };
      const refusal = gate.check(intent);
      if (refusal) return { key: intent.key, refused: refusal.reason };
      store.recordIntent(intent);
      broker.submit(intent);
      return { key: intent.key };
    },
    async close() {
      watch!.stop();
      broker.close();
      await conn.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls the database and the simulator (both change on socket events) until `check` holds. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await Bun.sleep(20);
  }
}

export const stateOf = (rig: FaultRig, key: string) => getOrder(rig.db, key)?.state;

export function inDoubt(rig: FaultRig): string[] {
  return (lastReconciliation(rig.db)?.problems ?? []).flatMap((p) => (p.kind === "order-in-doubt" && p.key ? [p.key] : []));
}

/** Database positions equal the simulator's. */
export function positionsAgree(rig: FaultRig, sim: SimGateway): boolean {
  const stored = new Map(getPositions(rig.db, rig.store.account).filter((p) => p.qty !== 0).map((p) => [p.symbol, p.qty]));
  const held = new Map([...sim.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => [p.symbol, Number(p.quantity.toString())]));
  return stored.size === held.size && [...held].every(([s, q]) => stored.get(s) === q);
}

/** Database positions equal the simulator's, every execution stored, nothing working. */
export function agrees(rig: FaultRig, sim: SimGateway): boolean {
  const fills = new Set(listFills(rig.db).map((f) => f.execId));
  const open = listOrders(rig.db).filter((o) => !["filled", "cancelled", "rejected", "failed"].includes(o.state));
  return positionsAgree(rig, sim) && sim.account.executions.every((x) => fills.has(x.execId)) && open.length === 0;
}

/** The invariants of issue 9: no orderRef executed twice, no fill missing, positions equal. */
export function expectExactlyOnceAtBroker(rig: FaultRig, sim: SimGateway): void {
  const refs = [...sim.account.orders.values()].map((o) => o.orderRef);
  expect(refs.length).toBe(new Set(refs).size);
  const fills = listFills(rig.db);
  expect(fills.map((f) => f.execId).sort()).toEqual(sim.account.executions.map((x) => x.execId).sort());
  const stored = Object.fromEntries(getPositions(rig.db, rig.store.account).filter((p) => p.qty !== 0).map((p) => [p.symbol, p.qty]));
  const held = Object.fromEntries([...sim.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => [p.symbol, Number(p.quantity.toString())]));
  expect(stored).toEqual(held);
}
