import { afterEach, expect, test } from "bun:test";
import { lastReconciliation } from "../src/adapters/sqlite/engine-store-reconcile.ts";
import { getPositions } from "../src/adapters/sqlite/positions-repo.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

test("run --broker ibkr stopped right after an order went out, every answer lost: the shutdown waits, reconciles, records the fill; nothing unsettled", async () => {
  const { dir, remove } = tempDir();
  cleanup.push(remove);
  const config = testConfig(dir, { run: { ackTimeoutS: 0.5, reconcileIntervalS: 0 } });
  const run = simSession(config, { broker: "ibkr", sim: { speed: 300, gateway: { faults: { "drop-order-messages": 1 } } } });
  const { sim } = await run.started;
  const db = reader(dir);
  cleanup.push(() => db.close());
  await until(() => count(db, "SELECT count(*) AS n FROM orders") >= 1);
  run.stop();
  const summary = await run.summary;
  expect(summary.unsettled).toEqual([]);
  expect(lastReconciliation(db)?.trigger).toBe("shutdown");
  expect(count(db, "SELECT count(*) AS n FROM orders WHERE state NOT IN ('filled','cancelled','rejected','failed')")).toBe(0);
  expect(count(db, "SELECT count(*) AS n FROM fills")).toBe(sim!.account.executions.length);
  const held = [...sim!.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => `${p.symbol} ${p.quantity.toString()}`).sort();
  expect(getPositions(db, "DU1234567").filter((p) => p.qty !== 0).map((p) => `${p.symbol} ${p.qty}`).sort()).toEqual(held);
}, 90_000);
