import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SimGateway } from "../src/adapters/sim-gateway/index.ts";
import type { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { listOrders, orderEvents } from "../src/adapters/sqlite/orders-repo.ts";
import type { CrashPoint } from "./helpers/runner-child.ts";
import { startTestSim } from "./helpers/runner-harness.ts";
import { expectExactlyOnce, runChild } from "./helpers/runner-spawn.ts";
import { settleCloseWait } from "./helpers/sockets.ts";

const PLAN = [
  { symbol: "AAPL", qty: 300 },
  { symbol: "MSFT", qty: 50 },
];
const HOUR = 3_600_000;

let sim: SimGateway | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (sim) {
    const port = sim.port;
    await sim.close();
    expect(await settleCloseWait(port)).toEqual([]);
  }
  sim = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setup(faults: { partialFills?: number | undefined } = {}): Promise<{ sim: SimGateway; clock: FakeClock; db: string }> {
  const started = await startTestSim(faults.partialFills ? { faults: { "partial-fills": faults.partialFills } } : {});
  sim = started.sim;
  dir = mkdtempSync(path.join(tmpdir(), "rt-once-"));
  return { ...started, db: path.join(dir, "robotrader.db") };
}

function held(s: SimGateway): Record<string, number> {
  return Object.fromEntries([...s.account.positions.values()].map((p) => [p.symbol, Number(p.quantity.toString())]));
}

describe("orders exactly once across kill -9 (runner in a child process, simulator outliving it)", () => {
  const points: { at: CrashPoint; partialFills?: number }[] = [
    { at: "before-intent" },
    { at: "after-intent" },
    { at: "after-send" },
    { at: "before-ack" },
    { at: "after-ack" },
    { at: "after-fill" },
    { at: "mid-fill", partialFills: 100 },
    { at: "after-fill", partialFills: 100 },
  ];
  for (const { at, partialFills } of points) {
    test(`killed ${at}${partialFills ? ` (fills of ${partialFills} shares)` : ""}: the restart neither duplicates an order nor loses a fill`, async () => {
      const { sim, clock, db } = await setup({ partialFills });
      const first = await runChild(sim, clock, { db, plan: PLAN, signalTime: 1 * HOUR, crashAt: at });
      expect(first.signal).toBe("SIGKILL");
      // Killed once an order id is stored, its placeOrder frame may still have been in the client
      // library's queue (likelier on a loaded machine): such an order never reached IB, is in
      // doubt after the restart and is never sent again; its symbol stays blocked.
      const lost = inDoubtAfterCrash(sim, db);
      if (at === "before-intent" || at === "after-intent") expect(lost).toEqual([]);
      const traded = Object.fromEntries(PLAN.filter((p) => !lost.some((k) => k.includes(`:${p.symbol}:`))).map((p) => [p.symbol, p.qty]));
      // The market moves on while robotrader is down: working orders fill without it.
      for (let i = 0; i < 5; i++) clock.advance(5000);

      const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
      expect(second.exitCode === 0 ? "exit 0" : `exit ${second.exitCode}: ${second.stderr}`).toBe("exit 0");
      expect(second.summary?.reconciliation.problems.map((p) => p.kind)).toEqual(lost.map(() => "order-in-doubt"));
      expect(second.summary?.reconciliation.resent.filter((k) => lost.includes(k))).toEqual([]);
      expectExactlyOnce(sim, db, lost);
      expect(held(sim)).toEqual(traded);

      const third = await runChild(sim, clock, { db, plan: PLAN, signalTime: 3 * HOUR });
      expect(third.exitCode).toBe(0);
      expect(third.summary?.submitted).toEqual([]);
      expectExactlyOnce(sim, db, lost);
      expect(held(sim)).toEqual(traded);
    }, 30_000);
  }

  test("killed between storing the IB order id and sending: the order is in doubt, never re-sent, its symbol blocked; the rest trades", async () => {
    const { sim, clock, db } = await setup();
    await runChild(sim, clock, { db, plan: PLAN, signalTime: HOUR, crashAt: "before-send" });
    expect(sim.account.orders.size).toBe(0);
    const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
    // The process that might have sent it is gone, but a held frame could still arrive: no second copy.
    expect(second.summary?.reconciliation.resent).toEqual([]);
    expect(second.summary?.reconciliation.blockedSymbols).toEqual(["AAPL"]);
    expect(second.summary?.reconciliation.problems.map((p) => p.kind)).toEqual(["order-in-doubt"]);
    expect([...sim.account.orders.values()].map((o) => o.orderRef)).toEqual(["rt:crash:MSFT:buy:7200000"]);
    expectExactlyOnce(sim, db, ["rt:crash:AAPL:buy:3600000"]);
    const store = openDatabase(db, { readonly: true });
    expect(listOrders(store).find((o) => o.orderRef === "rt:crash:AAPL:buy:3600000")?.state).toBe("submitted");
    store.close();
  }, 30_000);

  test("an intent written but never sent is sent by the restart under the same key, once", async () => {
    const { sim, clock, db } = await setup();
    await runChild(sim, clock, { db, plan: PLAN, signalTime: HOUR, crashAt: "after-intent" });
    expect(sim.account.orders.size).toBe(0);
    const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
    expect(second.summary?.reconciliation.resent).toEqual(["rt:crash:AAPL:buy:3600000"]);
    expect([...sim.account.orders.values()].map((o) => o.orderRef).sort()).toEqual(["rt:crash:AAPL:buy:3600000", "rt:crash:MSFT:buy:7200000"]);
    const store = openDatabase(db, { readonly: true });
    const states = orderEvents(store, "rt:crash:AAPL:buy:3600000").map((e) => e.state);
    store.close();
    expect(states).toEqual(["intent", "submitted", "acknowledged", "filled"]);
  }, 30_000);

  test("an order the broker knows is never re-sent: killed before its acknowledgement, adopted after restart", async () => {
    const { sim, clock, db } = await setup();
    await runChild(sim, clock, { db, plan: PLAN, signalTime: HOUR, crashAt: "before-ack" });
    // Both intents went out before IB's first answer came back (on a loaded machine the second
    // frame may still have been queued in the client library: then it is in doubt, never re-sent).
    const lost = inDoubtAfterCrash(sim, db);
    const known = sim.account.orders.size;
    expect(known + lost.length).toBe(2);
    const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
    expect(second.summary?.reconciliation.resent).toEqual([]);
    expect(second.summary?.reconciliation.recoveredFills).toBe(known);
    expect(second.summary?.submitted).toEqual([]);
    expect(sim.account.orders.size).toBe(known);
    const store = openDatabase(db, { readonly: true });
    const want = [["rt:crash:AAPL:buy:3600000", 300], ["rt:crash:MSFT:buy:3600000", 50]] as const;
    expect(listOrders(store).map((o) => `${o.orderRef} ${o.state} ${o.filledQty}`)).toEqual(want.map(([k, q]) => (lost.includes(k) ? `${k} submitted 0` : `${k} filled ${q}`)));
    store.close();
  }, 30_000);
});

/** Orders the database shows with an IB order id that the simulator never received. */
function inDoubtAfterCrash(sim: SimGateway, file: string): string[] {
  const atBroker = new Set([...sim.account.orders.values()].map((o) => o.orderRef));
  const store = openDatabase(file, { readonly: true });
  const lost = listOrders(store).filter((o) => o.brokerOrderId !== null && !atBroker.has(o.orderRef)).map((o) => o.orderRef);
  store.close();
  return lost;
}
