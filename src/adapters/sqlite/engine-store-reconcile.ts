import type { Fill } from "../../core/fill.ts";
import { ZERO } from "../../core/money.ts";
import type { Side } from "../../core/order.ts";
import type { Position } from "../../core/position.ts";
import type { BrokerExecutionView } from "../../core/reconciliation.ts";
import type { JournalEntry } from "../../core/reconciliation-journal.ts";
import { writeTransaction, type Db } from "./db.ts";
import { journalEntry, type SqliteStore } from "./engine-store.ts";
import { getOrder, listOrders } from "./orders-repo.ts";
import { setPosition } from "./positions-repo.ts";
import { getState, setState } from "./state-repo.ts";

/** The `state` row `status` and the status page read: the last reconciliation's outcome. */
export const RECONCILIATION_STATE_KEY = "reconciliation";

export interface ReconciliationProblem {
  readonly kind: string;
  readonly symbol?: string;
  readonly key?: string;
  readonly message: string;
}

export interface ReconciliationRecord {
  readonly time: number;
  readonly account: string;
  /** false when the broker could not be asked (the reason is the only problem). */
  readonly ok: boolean;
  readonly trigger: string;
  readonly problems: readonly ReconciliationProblem[];
  /** Symbols refused for new orders until a later reconciliation finds them equal. */
  readonly blockedSymbols: readonly string[];
  readonly recoveredFills: number;
  readonly advancedOrders: number;
  readonly resent: readonly string[];
}

const NON_FINAL = ["intent", "submitted", "acknowledged", "partially-filled"] as const;

/**
 * Stored orders for reconciliation: every unfinished order of the account plus the orders
 * whose keys the broker mentioned, each with the quantity its stored fills add up to.
 */
export function ordersForReconcile(store: SqliteStore, brokerKeys: Iterable<string>): JournalEntry[] {
  const rows = new Map(listOrders(store.db, { states: NON_FINAL }).filter((o) => o.account === null || o.account === store.account).map((o) => [o.orderRef, o]));
  for (const key of brokerKeys) {
    if (rows.has(key)) continue;
    const row = getOrder(store.db, key);
    if (row) rows.set(key, row);
  }
  return [...rows.values()].map((row) => journalEntry(row, store.filledQty(row.orderRef)));
}

/**
 * Which of the broker's executions the database already knows, by exec id and content: a
 * stored fill with the same content, or IB's correction of a stored fill (alerted here once,
 * never recorded as a second fill). An exec id stored with other content is not known: it is
 * a distinct execution, recorded (under another id) and alerted.
 */
export function knownExecIds(store: SqliteStore, executions: readonly BrokerExecutionView[], ours: ReadonlyMap<string, { readonly symbol: string; readonly side: Side }>, now: number): Set<string> {
  const known = new Set<string>();
  for (const x of executions) {
    const order = x.orderKey === undefined ? undefined : ours.get(x.orderKey);
    const fill: Fill = {
      orderKey: order ? x.orderKey! : "", execId: x.execId, symbol: order?.symbol ?? x.symbol, side: x.side ?? order?.side ?? "buy",
      qty: x.qty, price: x.price, commission: x.commission ?? ZERO, time: x.time ?? now,
    };
    const status = store.fillStatus(fill);
    if (status.kind === "stored") known.add(x.execId);
    if (status.kind === "correction") {
      store.recordFill(fill);
      known.add(x.execId);
    }
  }
  return known;
}

/**
 * Stores a reconciliation's outcome: the `reconciliation` state row (replaced each time) and
 * one alerts row per problem, in one transaction.
 */
export function recordReconciliation(db: Db, record: ReconciliationRecord, options: { readonly newProblemsOnly?: boolean } = {}): void {
  writeTransaction(db, () => {
    // A pass every few seconds must not repeat the same alert: only what the last one lacked.
    const before = options.newProblemsOnly ? new Set((lastReconciliation(db)?.problems ?? []).map((p) => p.message)) : new Set<string>();
    setState(db, RECONCILIATION_STATE_KEY, record, record.time);
    const insert = db.query("INSERT INTO alerts (time, level, kind, message, detail) VALUES ($time, $level, 'reconciliation', $message, $detail)");
    for (const p of record.problems) {
      if (before.has(p.message)) continue;
      insert.run({ time: record.time, level: record.ok ? "warn" : "error", message: p.message, detail: JSON.stringify(p) });
    }
  });
}

export function lastReconciliation(db: Db): ReconciliationRecord | undefined {
  return getState(db, RECONCILIATION_STATE_KEY)?.value as ReconciliationRecord | undefined;
}

/**
 * The explicit way out of a position mismatch: a person has checked the broker's position
 * and accepts it as the truth. Recorded as an info alert; never called by reconciliation.
 */
export function acceptBrokerPosition(store: SqliteStore, position: Position, reason: string): void {
  writeTransaction(store.db, () => {
    const time = store.now();
    setPosition(store.db, store.account, position, time);
    store.db
      .query("INSERT INTO alerts (time, level, kind, message, detail) VALUES ($time, 'info', 'reconciliation', $message, $detail)")
      .run({ time, message: `position ${position.symbol} set to the broker's ${position.qty} by hand: ${reason}`, detail: JSON.stringify(position) });
  });
}
