import { expect } from "bun:test";
import path from "node:path";
import type { SimGateway } from "../../src/adapters/sim-gateway/index.ts";
import type { FakeClock } from "../../src/adapters/clock/fake-clock.ts";
import { openDatabase } from "../../src/adapters/sqlite/db.ts";
import { listFills } from "../../src/adapters/sqlite/fills-repo.ts";
import { listOrders } from "../../src/adapters/sqlite/orders-repo.ts";
import { getPositions } from "../../src/adapters/sqlite/positions-repo.ts";
import { TERMINAL_STATES } from "../../src/core/order.ts";
import type { CrashPoint, Target } from "./runner-child.ts";

const RUNNER = path.join(import.meta.dir, "runner-child.ts");

export interface ChildRun {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: { submitted: string[]; unfinished: string[]; reconciliation: { problems: { kind: string; message: string }[]; blockedSymbols: string[]; recoveredFills: number; resent: string[]; differences: string[] } } | undefined;
}

export interface ChildOptions {
  readonly db: string;
  readonly plan: readonly Target[];
  readonly signalTime: number;
  readonly crashAt?: CrashPoint;
  readonly clientId?: number;
  /** Keep the simulator's market moving while the child runs (working orders keep filling). */
  readonly drive?: boolean;
}

/**
 * Runs the runner in its own process against `sim` (which lives in the test process, like a
 * real gateway outliving robotrader) and waits for it to end, by exit or by SIGKILL. Waits
 * until the simulator has seen the socket close, so the next run gets the same client id.
 */
export async function runChild(sim: SimGateway, clock: FakeClock, o: ChildOptions): Promise<ChildRun> {
  const proc = Bun.spawn([process.execPath, RUNNER], {
    env: {
      ...process.env, RT_PORT: String(sim.port), RT_DB: o.db, RT_CLIENT_ID: String(o.clientId ?? 9), RT_PLAN: JSON.stringify(o.plan),
      RT_SIGNAL_TIME: String(o.signalTime), RT_CRASH_AT: o.crashAt ?? "",
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let running = true;
  const driver = (async () => {
    while (running && o.drive !== false) {
      clock.advance(5000);
      await Bun.sleep(10);
    }
  })();
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  running = false;
  await driver;
  for (let i = 0; i < 200 && sim.connections > 0; i++) await Bun.sleep(10);
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return { exitCode: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stdout, stderr, summary: line.startsWith("{") ? JSON.parse(line) : undefined };
}

/**
 * The exactly-once invariants, broker against database: one broker order per intent key;
 * every simulator execution stored once with its commission and nothing else stored;
 * stored positions equal the simulator's; every stored order final.
 */
export function expectExactlyOnce(sim: SimGateway, dbFile: string, inDoubt: readonly string[] = []): void {
  const refs = [...sim.account.orders.values()].map((o) => o.orderRef);
  expect(refs.length).toBe(new Set(refs).size);
  const db = openDatabase(dbFile, { readonly: true });
  try {
    const fills = listFills(db);
    const byExec = new Map(fills.map((f) => [f.execId, f]));
    expect(fills.length).toBe(byExec.size);
    expect(fills.length).toBe(sim.account.executions.length);
    for (const x of sim.account.executions) {
      const f = byExec.get(x.execId);
      expect(f ? `${f.orderKey} ${f.qty} ${f.price} ${f.commission}` : `missing ${x.execId}`).toBe(`${x.orderRef} ${x.shares} ${x.price} ${x.commission}`);
    }
    const stored = Object.fromEntries(getPositions(db, sim.account.accountId).map((p) => [p.symbol, p.qty]));
    const held = Object.fromEntries([...sim.account.positions.values()].filter((p) => !p.quantity.eq(0)).map((p) => [p.symbol, Number(p.quantity.toString())]));
    expect(stored).toEqual(held);
    expect(listOrders(db).filter((o) => !TERMINAL_STATES.has(o.state) && !inDoubt.includes(o.orderRef)).map((o) => `${o.orderRef} ${o.state}`)).toEqual([]);
  } finally {
    db.close();
  }
}
