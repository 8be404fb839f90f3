import type { BrokerEvent, OrderUpdate } from "../../../core/events.ts";
import type { Fill } from "../../../core/fill.ts";
import { TERMINAL_STATES, type OrderState, type Side } from "../../../core/order.ts";
import { isAdvance } from "../../../core/reconciliation.ts";

export interface TrackedOrder {
  readonly key: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  orderId: number | undefined;
  /** The connection (session number) it was last sent on; undefined when not sent by this process. */
  sentSession: number | undefined;
  /** When this process sent it (epoch ms), if it did. */
  sentAt: number | undefined;
  state: OrderState;
  /** Filled shares as the last emitted update said. */
  updateFilled: number;
  /** Shares of the fills emitted (or already stored before this process took the order over). */
  fillQty: number;
  /** An update waiting for its fills: IB may report "Filled" before the executions arrive. */
  pending: OrderUpdate | undefined;
}

/** A fill's exec id and content (account aside: one tracker serves one account). */
export function fillIdentity(f: Fill): string {
  return `${f.execId}|${f.orderKey}|${f.symbol}|${f.side}|${f.qty}|${f.price.toString()}|${f.time}`;
}

/**
 * Per intent key: what has been told to listeners, so they hear each change once and in a
 * sane order. A fill is emitted once per exec id and content; an update is held back until the fills it
 * counts have been emitted (fills always come before the "filled" state); nothing follows
 * a final state; repeated or backward states (IB repeats orderStatus) are dropped.
 */
export class OrderTracker {
  readonly #byKey = new Map<string, TrackedOrder>();
  readonly #byOrderId = new Map<number, string>();
  /** Exec id and content of every fill emitted: the same id with other content is another execution. */
  readonly #fills = new Set<string>();
  readonly #execIds = new Set<string>();
  readonly #emit: (event: BrokerEvent) => void;

  constructor(emit: (event: BrokerEvent) => void) {
    this.#emit = emit;
  }

  get(key: string): TrackedOrder | undefined {
    return this.#byKey.get(key);
  }

  keyOf(orderId: number): string | undefined {
    return this.#byOrderId.get(orderId);
  }

  add(order: TrackedOrder): TrackedOrder {
    this.#byKey.set(order.key, order);
    if (order.orderId !== undefined && !this.#byOrderId.has(order.orderId)) this.#byOrderId.set(order.orderId, order.key);
    return order;
  }

  /** Ties an IB order id to a key; a newer placement with the same id replaces an older tie. */
  link(orderId: number, key: string, replace = true): void {
    const order = this.#byKey.get(key);
    if (!order) return;
    if (!replace && this.#byOrderId.has(orderId)) return;
    order.orderId = orderId;
    this.#byOrderId.set(orderId, key);
  }

  keysWhere(test: (order: TrackedOrder) => boolean): Set<string> {
    return new Set([...this.#byKey.values()].filter(test).map((o) => o.key));
  }

  hasExec(execId: string): boolean {
    return this.#execIds.has(execId);
  }

  /** A state change as the broker reported it; emitted when it moves the order forward. */
  status(key: string, state: OrderState, filled: number, remaining: number, time: number, reason?: string): void {
    const order = this.#byKey.get(key);
    if (!order || TERMINAL_STATES.has(order.state)) return;
    const update: OrderUpdate = { kind: "order", key, state, filledQty: filled, remainingQty: remaining, time, ...(reason !== undefined ? { reason } : {}) };
    if (filled > order.fillQty) {
      // Keep the furthest one; it goes out once the fills it counts have.
      const held = order.pending;
      if (!held || isAdvance(held.state, held.filledQty, state, filled) || TERMINAL_STATES.has(state)) order.pending = update;
      return;
    }
    this.#apply(order, update);
  }

  /** An execution with its commission; emitted once per exec id. */
  fill(fill: Fill): void {
    const identity = fillIdentity(fill);
    if (this.#fills.has(identity)) return;
    this.#fills.add(identity);
    this.#execIds.add(fill.execId);
    const order = this.#byKey.get(fill.orderKey);
    if (order) order.fillQty += fill.qty;
    this.#emit({ kind: "fill", fill });
    if (order?.pending && order.pending.filledQty <= order.fillQty) {
      const update = order.pending;
      order.pending = undefined;
      this.#apply(order, update);
    }
  }


  /** A fill the store already holds (from an earlier process): remembered, not told again. */
  known(fill: Fill): void {
    if (this.#fills.has(fillIdentity(fill))) return;
    this.#fills.add(fillIdentity(fill));
    this.#execIds.add(fill.execId);
  }

  /** Tells listeners the order's current state again (a late subscriber catching up). */
  repeat(key: string, time: number): void {
    const o = this.#byKey.get(key);
    if (!o) return;
    this.#emit({ kind: "order", key, state: o.state, filledQty: o.updateFilled, remainingQty: Math.max(0, o.qty - o.updateFilled), time });
  }

  #apply(order: TrackedOrder, update: OrderUpdate): void {
    if (!isAdvance(order.state, order.updateFilled, update.state, update.filledQty)) return;
    order.state = update.state;
    order.updateFilled = Math.max(order.updateFilled, update.filledQty);
    this.#emit(update);
  }
}
