import type { Fill } from "./fill.ts";
import type { Money } from "./money.ts";
import { TERMINAL_STATES, type OrderState, type Side } from "./order.ts";

/** An order as the database has it (the part reconciliation needs). */
export interface StoredOrder {
  readonly key: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly state: OrderState;
  /** Sum of the fills stored for it. */
  readonly filledQty: number;
  readonly brokerOrderId: number | null;
  /** When the intent was written (epoch ms); old unsent intents are not re-sent. */
  readonly createdAt: number;
}

/** An order as the broker reports it: open (working) or completed. */
export interface BrokerOrderView {
  readonly key: string | undefined;
  readonly orderId: number;
  readonly symbol: string;
  readonly state: OrderState | undefined;
  readonly ibStatus: string;
  readonly open: boolean;
}

export interface BrokerExecutionView {
  readonly execId: string;
  readonly orderKey: string | undefined;
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side | undefined;
  readonly qty: number;
  readonly price: Money;
  /** undefined until the broker's commission report for it arrived. */
  readonly commission: Money | undefined;
  readonly time: number | undefined;
}

export interface PositionQty {
  readonly symbol: string;
  readonly qty: number;
}

export interface ReconcileInput {
  /** Stored orders not in a final state, plus every stored order whose key the broker mentions. */
  readonly orders: readonly StoredOrder[];
  /** Exec ids the database already holds (at least those among `executions`). */
  readonly storedExecIds: ReadonlySet<string>;
  readonly storedPositions: readonly PositionQty[];
  readonly brokerOrders: readonly BrokerOrderView[];
  readonly executions: readonly BrokerExecutionView[];
  readonly brokerPositions: readonly PositionQty[];
  readonly now: number;
  /** An unsent intent older than this is marked failed instead of being sent late. */
  readonly maxResendAgeMs: number;
  /**
   * Keys sent on the live connection moments ago whose acknowledgement may still be on its
   * way: no trace of them is not yet a difference.
   */
  readonly inFlight?: ReadonlySet<string>;
}

/** One difference between the database and the broker, and what to do about it. */
export type Difference =
  /** An execution of one of our orders the database lacks: record it (by exec id). */
  | { readonly kind: "missing-fill"; readonly fill: Fill }
  /** An execution of ours whose commission report has not come yet: recorded on a later pass. */
  | { readonly kind: "fill-without-commission"; readonly execId: string; readonly key: string; readonly symbol: string }
  /** An execution of an order robotrader does not know (placed in TWS, or another database's). */
  | { readonly kind: "foreign-execution"; readonly execution: BrokerExecutionView }
  /** The broker is further along than the database: advance the stored state. */
  | { readonly kind: "order-behind"; readonly key: string; readonly from: OrderState; readonly to: OrderState; readonly filledQty: number; readonly remainingQty: number; readonly brokerOrderId: number | undefined }
  /** The broker has never seen this intent: send it now. */
  | { readonly kind: "resend"; readonly key: string; readonly symbol: string }
  /** The broker has never seen this intent, and sending it now is not safe. */
  | { readonly kind: "unsent-failed"; readonly key: string; readonly symbol: string; readonly reason: string }
  /**
   * placeOrder may have gone out (its IB order id was stored before sending) but the broker
   * shows no trace of it: it may still arrive (a held frame, a hung gateway). Never re-sent,
   * never given up automatically; its symbol is blocked until the broker's records show its
   * fate or a person resolves it (`reconcile accept`). See docs/orders.md.
   */
  | { readonly kind: "order-in-doubt"; readonly key: string; readonly symbol: string; readonly brokerOrderId: number }
  /** The database says the broker accepted it, but the broker has no trace of it. */
  | { readonly kind: "order-lost"; readonly key: string; readonly symbol: string; readonly state: OrderState }
  /** More than one broker order carries the same key: a duplicate exists (never fixed here). */
  | { readonly kind: "duplicate-at-broker"; readonly key: string; readonly symbol: string; readonly orderIds: readonly number[] }
  /** Database and broker positions differ (after recovered fills). Blocks the symbol. */
  | { readonly kind: "position-mismatch"; readonly symbol: string; readonly stored: number; readonly broker: number };

export type DifferenceKind = Difference["kind"];

/** Differences a person has to look at; the rest are repaired from the broker's facts. */
export const PROBLEM_KINDS: ReadonlySet<DifferenceKind> = new Set(["foreign-execution", "unsent-failed", "order-in-doubt", "order-lost", "duplicate-at-broker", "position-mismatch", "fill-without-commission"]);

const RANK: Record<OrderState, number> = { intent: 0, submitted: 1, acknowledged: 2, "partially-filled": 3, filled: 4, cancelled: 4, rejected: 4, failed: 4 };

/** Whether `next` moves an order forward from `current` (final states never change). */
export function isAdvance(current: OrderState, currentFilled: number, next: OrderState, nextFilled: number): boolean {
  if (TERMINAL_STATES.has(current)) return false;
  if (RANK[next] !== RANK[current]) return RANK[next] > RANK[current];
  return next === "partially-filled" && nextFilled > currentFilled;
}

/**
 * Compares what the database believes with what the broker reports. Pure: the caller
 * fetched both sides; the returned differences say what to record, what to send and what
 * to report. Nothing here "fixes" a position: a mismatch is a difference to resolve.
 */
export function reconcileDiff(input: ReconcileInput): Difference[] {
  const out: Difference[] = [];
  const byKey = new Map(input.orders.map((o) => [o.key, o]));
  const recovered = new Map<string, number>(); // key -> qty of fills recovered now
  const movedBy = new Map<string, number>(); // symbol -> signed qty of recovered fills

  for (const x of [...input.executions].sort((a, b) => (a.time ?? 0) - (b.time ?? 0))) {
    if (input.storedExecIds.has(x.execId)) continue;
    const order = x.orderKey === undefined ? undefined : byKey.get(x.orderKey);
    if (!order) {
      out.push({ kind: "foreign-execution", execution: x });
      continue;
    }
    if (x.commission === undefined) {
      out.push({ kind: "fill-without-commission", execId: x.execId, key: order.key, symbol: order.symbol });
      continue;
    }
    const side = x.side ?? order.side;
    const fill: Fill = { orderKey: order.key, execId: x.execId, symbol: order.symbol, side, qty: x.qty, price: x.price, commission: x.commission, time: x.time ?? input.now };
    out.push({ kind: "missing-fill", fill });
    recovered.set(order.key, (recovered.get(order.key) ?? 0) + x.qty);
    movedBy.set(order.symbol, (movedBy.get(order.symbol) ?? 0) + (side === "buy" ? x.qty : -x.qty));
  }

  const expected = new Map<string, number>();
  for (const p of input.storedPositions) expected.set(p.symbol, p.qty);
  for (const [symbol, qty] of movedBy) expected.set(symbol, (expected.get(symbol) ?? 0) + qty);
  const broker = new Map(input.brokerPositions.map((p) => [p.symbol, p.qty]));
  const mismatched = new Set<string>();
  for (const symbol of new Set([...expected.keys(), ...broker.keys()])) {
    const stored = expected.get(symbol) ?? 0;
    const held = broker.get(symbol) ?? 0;
    if (stored !== held) {
      mismatched.add(symbol);
      out.push({ kind: "position-mismatch", symbol, stored, broker: held });
    }
  }

  const atBroker = new Map<string, BrokerOrderView[]>();
  for (const b of input.brokerOrders) if (b.key !== undefined) atBroker.set(b.key, [...(atBroker.get(b.key) ?? []), b]);
  const executed = new Set(input.executions.flatMap((x) => (x.orderKey === undefined ? [] : [x.orderKey])));

  for (const order of input.orders) {
    const seen = atBroker.get(order.key) ?? [];
    const ids = [...new Set(seen.map((b) => b.orderId))];
    if (ids.length > 1) out.push({ kind: "duplicate-at-broker", key: order.key, symbol: order.symbol, orderIds: ids });
    const filled = order.filledQty + (recovered.get(order.key) ?? 0);
    const target = brokerState(order, seen, filled, executed.has(order.key));
    if (target === undefined) {
      if (TERMINAL_STATES.has(order.state) || input.inFlight?.has(order.key)) continue;
      if (order.state === "intent" || order.state === "submitted") out.push(unsent(order, input, mismatched));
      else out.push({ kind: "order-lost", key: order.key, symbol: order.symbol, state: order.state });
      continue;
    }
    if (isAdvance(order.state, order.filledQty, target, filled)) {
      const open = seen.find((b) => b.open) ?? seen[0];
      out.push({ kind: "order-behind", key: order.key, from: order.state, to: target, filledQty: filled, remainingQty: Math.max(0, order.qty - filled), brokerOrderId: open?.orderId });
    }
  }
  return out;
}

/** The state the broker's facts imply, or undefined when the broker has no trace of the order. */
function brokerState(order: StoredOrder, seen: readonly BrokerOrderView[], filled: number, executed: boolean): OrderState | undefined {
  const open = seen.find((b) => b.open);
  if (open) return filled > 0 ? "partially-filled" : "acknowledged";
  const done = seen.find((b) => b.state !== undefined && TERMINAL_STATES.has(b.state));
  if (done?.state) return done.state;
  if (seen.length > 0) return filled > 0 ? "partially-filled" : "acknowledged";
  if (!executed) return undefined;
  return filled >= order.qty ? "filled" : "partially-filled";
}

function unsent(order: StoredOrder, input: ReconcileInput, mismatched: ReadonlySet<string>): Difference {
  // Its id was stored before placeOrder: the frame may be on its way (DESIGN.md invariant 12).
  if (order.brokerOrderId !== null) return { kind: "order-in-doubt", key: order.key, symbol: order.symbol, brokerOrderId: order.brokerOrderId };
  const age = input.now - order.createdAt;
  if (mismatched.has(order.symbol)) {
    return { kind: "unsent-failed", key: order.key, symbol: order.symbol, reason: `not sent: the broker never received it and ${order.symbol} is blocked by a position mismatch` };
  }
  if (age > input.maxResendAgeMs) {
    return { kind: "unsent-failed", key: order.key, symbol: order.symbol, reason: `not sent: the broker never received it and the intent is ${Math.round(age / 1000)} s old (limit ${Math.round(input.maxResendAgeMs / 1000)} s)` };
  }
  return { kind: "resend", key: order.key, symbol: order.symbol };
}
