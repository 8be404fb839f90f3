/**
 * A small runner for the kill -9 tests: IbBroker + SqliteStore + reconciliation against a
 * simulator that outlives it. It reconciles, then trades toward target positions the way
 * the engine does (intent stored, then submitted; broker events stored as they come), and
 * exits 0 once every order it knows is final. RT_CRASH_AT names the point at which it
 * kills itself with SIGKILL (no cleanup, no flush, like a power cut of the process).
 *
 * env: RT_PORT, RT_DB, RT_CLIENT_ID, RT_PLAN (JSON Target[]), RT_SIGNAL_TIME, RT_CRASH_AT,
 *      RT_MAX_RESEND_AGE_MS. Prints one JSON line {"reconciliation": ..., "submitted": [...]}.
 */
import { IbConnection } from "../../src/adapters/ib/connection/connection.ts";
import { IbBroker } from "../../src/adapters/ib/execution/ib-broker.ts";
import { openDatabase } from "../../src/adapters/sqlite/db.ts";
import { SqliteStore } from "../../src/adapters/sqlite/engine-store.ts";
import { listOrders } from "../../src/adapters/sqlite/orders-repo.ts";
import { ReconciliationGate } from "../../src/app/reconcile/gate.ts";
import { watchReconciliation } from "../../src/app/reconcile/watch.ts";
import { intentKey, TERMINAL_STATES, type OrderIntent } from "../../src/core/order.ts";
import { createLogger } from "../../src/log/logger.ts";

export const CRASH_POINTS = ["before-intent", "after-intent", "before-send", "after-send", "before-ack", "after-ack", "mid-fill", "after-fill"] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Hold `qty` shares of `symbol` (buy the difference with a market order). */
export interface Target {
  readonly symbol: string;
  readonly qty: number;
}

const env = (name: string) => {
  const v = process.env[name];
  if (v === undefined || v === "") throw new Error(`runner-child: ${name} is not set`);
  return v;
};
const crashAt = (process.env.RT_CRASH_AT ?? "") as CrashPoint | "";
const crash = (point: CrashPoint) => {
  if (crashAt === point) process.kill(process.pid, "SIGKILL");
};

const log = createLogger({ quiet: true, format: "json", stream: process.stderr });
const conn = new IbConnection({ host: "127.0.0.1", port: Number(env("RT_PORT")), clientId: Number(env("RT_CLIENT_ID")), handshakeTimeoutMs: 3000, allowOrders: true, log });
const started = await conn.start();
if (!started.ok) throw new Error(`runner-child: cannot connect: ${started.error.message}`);
const account = started.value.accounts[0] ?? "";
const db = openDatabase(env("RT_DB"), { synchronous: "full" });
const store = new SqliteStore(db, { account, mode: "sim", log });
const broker = new IbBroker({
  conn, journal: store, account, log,
  probe: (point) => {
    if (point === "before-send") crash("before-send");
    if (point === "after-send") crash("after-send");
    if (point === "broker-message") crash("before-ack");
  },
});

let wake: () => void = () => {};
broker.subscribe((event) => {
  if (event.kind === "fill") {
    crash("after-fill");
    store.recordFill(event.fill);
  } else {
    store.recordOrderUpdate(event);
    if (event.state === "acknowledged") crash("after-ack");
    if (event.state === "partially-filled") crash("mid-fill");
  }
  wake();
});

const gate = new ReconciliationGate();
const maxResendAgeMs = Number(process.env.RT_MAX_RESEND_AGE_MS || 600_000);
const watch = watchReconciliation({ conn, store, broker, gate, log, maxResendAgeMs });
const report = await watch.run("start");

const signalTime = Number(env("RT_SIGNAL_TIME"));
const submitted: string[] = [];
for (const target of JSON.parse(env("RT_PLAN")) as Target[]) {
  const held = store.positions().find((p) => p.symbol === target.symbol)?.qty ?? 0;
  const working = listOrders(db, { states: ["intent", "submitted", "acknowledged", "partially-filled"], symbol: target.symbol })
    .reduce((n, o) => n + (o.side === "buy" ? 1 : -1) * (o.qty - store.filledQty(o.orderRef)), 0);
  const need = target.qty - held - working;
  if (need === 0) continue;
  const side = need > 0 ? "buy" : "sell";
  const intent: OrderIntent = { key: intentKey("crash", target.symbol, side, signalTime), strategy: "crash", signalTime, symbol: target.symbol, side, qty: Math.abs(need), type: "market", tif: "day" };
  const refusal = gate.check(intent);
  if (refusal) {
    process.stderr.write(`runner-child: ${target.symbol} refused: ${refusal.reason}\n`);
    continue;
  }
  crash("before-intent");
  store.recordIntent(intent);
  crash("after-intent");
  broker.submit(intent);
  submitted.push(intent.key);
}

// An order in doubt stays unfinished on purpose (never re-sent): not waited for.
const inDoubt = new Set(report.problems.flatMap((p) => (p.kind === "order-in-doubt" && p.key ? [p.key] : [])));
const unfinished = () => listOrders(db).filter((o) => !TERMINAL_STATES.has(o.state) && !inDoubt.has(o.orderRef));
const deadline = Date.now() + Number(process.env.RT_TIMEOUT_MS || 20_000);
while (unfinished().length > 0 && Date.now() < deadline) {
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, 100);
  });
}
const left = unfinished();
process.stdout.write(JSON.stringify({ reconciliation: { ...report, differences: report.differences.map((d) => d.kind) }, submitted, unfinished: left.map((o) => `${o.orderRef} ${o.state}`) }) + "\n");
watch.stop();
broker.close();
await conn.close();
db.close();
process.exitCode = left.length > 0 ? 3 : 0;
