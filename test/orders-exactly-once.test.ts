import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ManualClock, SimGateway } from "../src/adapters/sim-gateway/index.ts";
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

async function setup(faults: { partialFills?: number | undefined } = {}): Promise<{ sim: SimGateway; clock: ManualClock; db: string }> {
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
      // The market moves on while robotrader is down: working orders fill without it.
      for (let i = 0; i < 5; i++) clock.advance(5000);

      const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
      expect(second.exitCode === 0 ? "exit 0" : `exit ${second.exitCode}: ${second.stderr}`).toBe("exit 0");
      expect(second.summary?.reconciliation.problems).toEqual([]);
      expectExactlyOnce(sim, db);
      expect(held(sim)).toEqual({ AAPL: 300, MSFT: 50 });

      const third = await runChild(sim, clock, { db, plan: PLAN, signalTime: 3 * HOUR });
      expect(third.exitCode).toBe(0);
      expect(third.summary?.submitted).toEqual([]);
      expectExactlyOnce(sim, db);
      expect(held(sim)).toEqual({ AAPL: 300, MSFT: 50 });
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
    // Both intents went out before IB's first answer came back.
    expect(sim.account.orders.size).toBe(2);
    const second = await runChild(sim, clock, { db, plan: PLAN, signalTime: 2 * HOUR });
    expect(second.summary?.reconciliation.resent).toEqual([]);
    expect(second.summary?.reconciliation.recoveredFills).toBe(2);
    expect(second.summary?.submitted).toEqual([]);
    expect(sim.account.orders.size).toBe(2);
    const store = openDatabase(db, { readonly: true });
    expect(listOrders(store).map((o) => `${o.orderRef} ${o.state} ${o.filledQty}`)).toEqual(["rt:crash:AAPL:buy:3600000 filled 300", "rt:crash:MSFT:buy:3600000 filled 50"]);
    store.close();
  }, 30_000);
});
