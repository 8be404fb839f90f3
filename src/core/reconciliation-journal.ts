import type { Fill } from "./fill.ts";
import type { OrderIntent } from "./order.ts";
import type { StoredOrder } from "./reconciliation.ts";

/** A stored order with the intent it came from, as a broker adapter reads it back. */
export interface JournalEntry extends StoredOrder {
  readonly intent: OrderIntent;
}

/**
 * The durable order trail a broker adapter writes to itself, so "written before sent"
 * holds whoever calls it (DESIGN.md invariant 1). The SQLite store implements it.
 */
export interface OrderJournal {
  lookup(key: string): JournalEntry | undefined;
  /** Writes the intent (state "intent") unless the key exists. Durable on return. */
  recordIntent(intent: OrderIntent): void;
  /** The broker order id chosen for `key`, state "submitted"; durable BEFORE the order is sent. */
  recordSubmission(key: string, brokerOrderId: number, time: number): void;
  /**
   * What the trail makes of an execution, by exec id and content: new, already stored, a
   * reused exec id with other content (a distinct execution), or the broker's correction of
   * a stored one (never a second fill).
   */
  fillStatus?(fill: Fill): { readonly kind: "new" | "stored" | "conflict" | "correction" };
  /** Stores an execution (alerting a correction or a conflict); false when nothing was added. */
  recordFill?(fill: Fill): boolean;
}
