import { fetchCompletedOrders, fetchExecutions, fetchOpenOrders, fetchPositions, type BrokerOrder } from "../../adapters/ib/execution/account.ts";
import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import type { IbBroker } from "../../adapters/ib/execution/ib-broker.ts";
import { lastReconciliation, knownExecIds, ordersForReconcile, recordReconciliation, type ReconciliationProblem, type ReconciliationRecord } from "../../adapters/sqlite/engine-store-reconcile.ts";
import type { SqliteStore } from "../../adapters/sqlite/engine-store.ts";
import type { BrokerEvent, OrderUpdate } from "../../core/events.ts";
import { TERMINAL_STATES } from "../../core/order.ts";
import { PROBLEM_KINDS, reconcileDiff, type BrokerOrderView, type Difference } from "../../core/reconciliation.ts";
import type { Logger } from "../../log/logger.ts";
import { describeDifference } from "./describe.ts";

export interface ReconcileOptions {
  readonly conn: IbConnection;
  readonly store: SqliteStore;
  readonly broker: IbBroker;
  readonly log?: Logger;
  /** An intent IB never saw is sent late only when younger than this (default 10 minutes). */
  readonly maxResendAgeMs?: number;
}

export interface ReconcileReport extends ReconciliationRecord {
  readonly differences: readonly Difference[];
}

export const DEFAULT_MAX_RESEND_AGE_MS = 10 * 60_000;

const view = (o: BrokerOrder, open: boolean): BrokerOrderView => ({ key: o.key, orderId: o.orderId, symbol: o.symbol, state: o.state, ibStatus: o.ibStatus, open });

/**
 * Database against broker, at start and after every reconnect (DESIGN.md invariants 1, 2):
 * asks IB for positions, open and completed orders and executions with their commissions;
 * records fills that happened while robotrader was away (once, by exec id) and advances
 * the orders they belong to; re-sends intents IB never saw (when still fresh) or marks them
 * failed with the reason; reports every other difference (alerts rows and the
 * `reconciliation` state row) and lists the symbols to block. Positions are never changed
 * to match the broker: a mismatch stays a reported problem until it is resolved.
 */
export async function reconcile(options: ReconcileOptions, trigger = "start"): Promise<ReconcileReport> {
  const { conn, store, broker, log } = options;
  const time = store.now();
  const askedAt = Date.now();
  const [positions, open, completed, executions] = [await fetchPositions(conn), await fetchOpenOrders(conn), await fetchCompletedOrders(conn), await fetchExecutions(conn)];
  const failed = [positions, open, completed, executions].find((r) => !r.ok);
  if (failed && !failed.ok) {
    const problem = { kind: "broker-unavailable", message: `cannot reconcile with IB (${failed.error.request}: ${failed.error.message}); no new orders until it succeeds` };
    const record: ReconcileReport = { time, account: store.account, ok: false, trigger, problems: [problem], blockedSymbols: [], recoveredFills: 0, advancedOrders: 0, resent: [], differences: [] };
    recordReconciliation(store.db, record, { newProblemsOnly: isRoutine(trigger) });
    log?.error(problem.message);
    return record;
  }
  if (!positions.ok || !open.ok || !completed.ok || !executions.ok) throw new Error("unreachable");

  const brokerOrders = [...open.value.map((o) => view(o, true)), ...completed.value.map((o) => view(o, false))];
  const brokerKeys = new Set([...brokerOrders.flatMap((o) => (o.key ? [o.key] : [])), ...executions.value.flatMap((x) => (x.orderKey ? [x.orderKey] : []))]);
  const orders = ordersForReconcile(store, brokerKeys);
  const accountPositions = positions.value.filter((p) => store.account === "" || p.account === store.account);
  const differences = reconcileDiff({
    orders,
    storedExecIds: knownExecIds(store, executions.value, new Map(orders.map((o) => [o.key, o])), time),
    storedPositions: store.positions(),
    brokerOrders,
    executions: executions.value,
    brokerPositions: accountPositions,
    now: time,
    maxResendAgeMs: options.maxResendAgeMs ?? DEFAULT_MAX_RESEND_AGE_MS,
    inFlight: broker.inFlight(askedAt),
  });

  // The broker follows these orders from their stored state, before recovered events arrive.
  const liveIds = new Map(open.value.flatMap((o) => (o.key ? [[o.key, o.orderId] as const] : [])));
  for (const order of orders) if (!TERMINAL_STATES.has(order.state)) broker.adopt(order, liveIds.get(order.key));

  const events: BrokerEvent[] = [];
  const resent: string[] = [];
  let recoveredFills = 0;
  let advancedOrders = 0;
  const finish = (key: string, state: "failed", reason: string) => {
    const update: OrderUpdate = { kind: "order", key, state, filledQty: 0, remainingQty: 0, time, reason };
    store.recordOrderUpdate(update);
    events.push(update);
  };
  for (const d of differences) {
    switch (d.kind) {
      case "missing-fill":
        if (store.recordFill(d.fill)) recoveredFills++;
        events.push({ kind: "fill", fill: d.fill });
        break;
      case "foreign-execution":
        if (d.execution.commission !== undefined && d.execution.side !== undefined) {
          const x = d.execution;
          store.recordFill({ orderKey: "", execId: x.execId, symbol: x.symbol, side: x.side!, qty: x.qty, price: x.price, commission: x.commission!, time: x.time ?? time });
        }
        break;
      case "order-behind": {
        const update: OrderUpdate = { kind: "order", key: d.key, state: d.to, filledQty: d.filledQty, remainingQty: d.remainingQty, time, reason: `reconciliation: IB reports ${d.to}` };
        store.recordOrderUpdate(update);
        events.push(update);
        advancedOrders++;
        break;
      }
      case "resend":
        if (!conn.allowOrders) finish(d.key, "failed", "not sent: IB never received it and the connection is read-only");
        else resent.push(d.key);
        break;
      case "unsent-failed":
        finish(d.key, "failed", d.reason);
        break;
      case "order-lost":
        finish(d.key, "failed", `IB has no trace of this ${d.state} order (not open, not completed, no executions)`);
        break;
      default:
        break;
    }
  }
  broker.deliver(events);
  const sentNow = resent.filter((key) => broker.resend(key));
  const settled = await confirmMismatches(options, differences);

  const previous = lastReconciliation(store.db);
  const problems: ReconciliationProblem[] = settled.filter((d) => PROBLEM_KINDS.has(d.kind)).map(describeDifference);
  const blocked = new Set(settled.flatMap((d) => (d.kind === "position-mismatch" || d.kind === "duplicate-at-broker" || d.kind === "order-in-doubt" ? [d.symbol] : [])));
  const report: ReconcileReport = {
    time, account: store.account, ok: true, trigger, problems, blockedSymbols: [...blocked].sort(), recoveredFills, advancedOrders, resent: sentNow, differences: settled,
  };
  const { differences: _, ...record } = report;
  recordReconciliation(store.db, record, { newProblemsOnly: isRoutine(trigger) });
  const summary = `reconciliation (${trigger}): ${recoveredFills} fills recovered, ${advancedOrders} orders advanced, ${sentNow.length} re-sent, ${problems.length} problems`;
  if (problems.length > 0 && isRoutine(trigger) && sameProblems(previous, problems)) {
    log?.debug(summary);
  } else if (problems.length > 0) {
    log?.warn(summary);
    for (const p of problems) log?.warn(`reconciliation: ${p.message}`);
  } else if (isRoutine(trigger) && recoveredFills + advancedOrders === 0) {
    log?.debug(summary);
  } else {
    log?.info(summary);
  }
  return report;
}

/** Passes on a timer or an anomaly: their repeated findings are not news. */
export function isRoutine(trigger: string): boolean {
  return trigger === "timer" || trigger.startsWith("anomaly") || trigger === "shutdown";
}

function sameProblems(previous: ReconciliationRecord | undefined, problems: readonly ReconciliationProblem[]): boolean {
  const before = new Set((previous?.problems ?? []).map((p) => p.message));
  return problems.every((p) => before.has(p.message));
}

/**
 * A fill can land between IB's position snapshot and the database read, so a position
 * mismatch counts only if a second look (fresh positions from IB, the database after the
 * recovered fills) still shows it. The second look's numbers are the ones reported.
 */
async function confirmMismatches(options: ReconcileOptions, differences: readonly Difference[]): Promise<Difference[]> {
  if (!differences.some((d) => d.kind === "position-mismatch")) return [...differences];
  const again = await fetchPositions(options.conn);
  if (!again.ok) return [...differences];
  const { store } = options;
  const recheck = reconcileDiff({
    orders: [], storedExecIds: new Set(), executions: [], brokerOrders: [], now: store.now(), maxResendAgeMs: 0,
    storedPositions: store.positions(),
    brokerPositions: again.value.filter((p) => store.account === "" || p.account === store.account),
  });
  return [...differences.filter((d) => d.kind !== "position-mismatch"), ...recheck];
}
