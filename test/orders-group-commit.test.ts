import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { IbBroker } from "../src/adapters/ib/execution/ib-broker.ts";
import type { SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { openDatabase, type Db } from "../src/adapters/sqlite/db.ts";
import { SqliteStore } from "../src/adapters/sqlite/engine-store.ts";
import { GroupCommit } from "../src/adapters/sqlite/group-commit.ts";
import type { BrokerEvent } from "../src/core/events.ts";
import { intentKey, type OrderIntent } from "../src/core/order.ts";
import { quietLog, roundTrip, startTestSim, testConnection } from "./helpers/runner-harness.ts";

// The runner's order path with group commit (docs/orders.md "Group commit"): the real IbBroker,
// SqliteStore and GroupCommit on a database file, the simulator over TCP, and a second
// connection that sees only what is committed.

let sim: SimGateway | undefined;
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await sim?.close();
  sim = undefined;
});

const intent = (symbol: string): OrderIntent => ({ key: intentKey("gc", symbol, "buy", 3_600_000), strategy: "gc", signalTime: 3_600_000, symbol, side: "buy", qty: 10, type: "market", tif: "day" });

async function rig() {
  ({ sim } = await startTestSim());
  const dir = mkdtempSync(path.join(tmpdir(), "rt-group-"));
  const file = path.join(dir, "robotrader.db");
  const db = openDatabase(file, { synchronous: "full" });
  const other: Db = openDatabase(file, { readonly: true });
  const conn = testConnection(sim, 9);
  const started = await conn.start();
  if (!started.ok) throw new Error(started.error.message);
  const commits: { writes: number; sends: number }[] = [];
  const failures: { message: string; sends: number }[] = [];
  const group = new GroupCommit(db, {
    onCommit: ({ writes, sends }) => commits.push({ writes, sends }),
    onFailure: (error, { sends }) => failures.push({ message: error.message, sends }),
  });
  const store = new SqliteStore(db, { account: sim.account.accountId, mode: "sim", log: quietLog });
  // At the moment each placeOrder is called: what a second connection sees, and whether the writer is mid-transaction.
  const atSend: { key: string; committed: string[]; open: boolean }[] = [];
  const broker = new IbBroker({
    conn, journal: store, log: quietLog, commits: group,
    probe: (point, key) => {
      if (point !== "before-send") return;
      const rows = other.query("SELECT order_ref, broker_order_id FROM orders ORDER BY order_ref").all() as { order_ref: string; broker_order_id: number | null }[];
      atSend.push({ key, committed: rows.filter((r) => r.broker_order_id !== null).map((r) => r.order_ref), open: db.inTransaction });
    },
  });
  const events: BrokerEvent[] = [];
  broker.subscribe((e) => events.push(e));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(async () => {
    broker.close();
    group.close();
    await conn.close();
    other.close();
    db.close();
  });
  /** One event-loop turn of the engine: each intent stored, then submitted (engine/engine.ts submitFrom). */
  const turn = (symbols: readonly string[]) => {
    for (const s of symbols) {
      store.recordIntent(intent(s));
      broker.submit(intent(s));
    }
  };
  /** The turn's group is on disk and its sends released; then every frame they wrote has been answered. */
  const settled = async () => {
    await group.idle();
    await roundTrip(conn);
  };
  return { db, other, store, broker, group, commits, failures, atSend, events, turn, settled };
}

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"];

describe("group commit on the order path (IbBroker over the simulator)", () => {
  test("many symbols' intents of one turn are committed once, and no order leaves before its intent and IB order id are committed", async () => {
    const r = await rig();
    r.turn(SYMBOLS);
    // Nothing is sent while the turn's writes are uncommitted.
    expect(r.atSend).toEqual([]);
    expect(r.group.open).toBe(true);
    await r.settled();
    expect(r.commits).toEqual([{ writes: 2 * SYMBOLS.length, sends: SYMBOLS.length }]);
    const keys = SYMBOLS.map((s) => intent(s).key);
    // At each placeOrder, a second connection already saw every intent of the group with its order id.
    expect(r.atSend).toEqual(keys.map((key) => ({ key, committed: [...keys].sort(), open: false })));
    expect([...sim!.account.orders.values()].map((o) => o.orderRef)).toEqual(keys);
  });

  test("a commit that fails sends none of its group's orders, reports each as failed, and the next turn trades", async () => {
    const r = await rig();
    // A deferred foreign key fails only at COMMIT: an MSFT intent makes the whole group's commit fail.
    r.db.run("CREATE TABLE t_anchor (id INTEGER PRIMARY KEY)");
    r.db.run("CREATE TABLE t_boom (x INTEGER REFERENCES t_anchor (id) DEFERRABLE INITIALLY DEFERRED)");
    r.db.run("CREATE TRIGGER t_fail AFTER INSERT ON orders WHEN NEW.symbol = 'MSFT' BEGIN INSERT INTO t_boom VALUES (1); END");
    r.turn(["AAPL", "MSFT", "NVDA"]);
    await r.settled();
    expect(r.failures).toEqual([{ message: expect.stringContaining("FOREIGN KEY"), sends: 3 }]);
    expect(r.atSend).toEqual([]);
    const failed = r.events.filter((e) => e.kind === "order" && e.state === "failed").map((e) => (e.kind === "order" ? `${e.key} ${e.reason}` : ""));
    expect(failed).toEqual(["AAPL", "MSFT", "NVDA"].map((s) => `${intent(s).key} not sent: ${r.failures[0]!.message}`));
    expect(r.other.query("SELECT count(*) AS n FROM orders").get()).toEqual({ n: 0 });

    r.turn(["TSLA"]);
    await r.settled();
    expect(r.commits.at(-1)).toEqual({ writes: 2, sends: 1 });
    // Frames on one socket arrive in order: had any of the failed group been sent, it would be here before TSLA.
    expect([...sim!.account.orders.values()].map((o) => o.orderRef)).toEqual([intent("TSLA").key]);
  });
});
