import { insertAlert } from "../adapters/sqlite/alerts-repo.ts";
import { insertFill } from "../adapters/sqlite/fills-repo.ts";
import { getOrder, updateOrder, upsertIntent } from "../adapters/sqlite/orders-repo.ts";
import { setPosition } from "../adapters/sqlite/positions-repo.ts";
import type { Db } from "../adapters/sqlite/db.ts";
import type { OrderUpdate, Refusal } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import type { OrderIntent } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { Store } from "../engine/ports.ts";
import { WARM_UP_RULE } from "./run-live-risk-gate.ts";

export interface RunStoreOptions {
  readonly db: Db;
  /** Whose positions these are: the IB account, or "" for local paper fills. */
  readonly account: string;
  readonly mode: string;
  readonly portfolio: PortfolioView;
  /** Market time for row stamps (the replay clock under --sim). */
  readonly now: () => number;
  /** Duration of each write transaction, ms (metrics). */
  readonly onWrite?: (ms: number) => void;
}

/**
 * The runner's order trail in SQLite through the repositories: the intent durably before
 * the broker sees it, every state change, fills once by execId, and the position after each
 * fill. A refused intent never becomes an order: it is an alert ("refused-order") with the
 * rule, the reason and the intent. Warm-up signals (on history bars) are not stored.
 */
export class RunStore implements Store {
  readonly #o: RunStoreOptions;

  constructor(options: RunStoreOptions) {
    this.#o = options;
  }

  recordIntent(intent: OrderIntent): void {
    this.#timed(() => upsertIntent(this.#o.db, intent, this.#context()));
  }

  recordOrderUpdate(update: OrderUpdate): void {
    const { db } = this.#o;
    this.#timed(() => {
      const order = getOrder(db, update.key);
      if (!order || order.state === update.state) return;
      updateOrder(db, update.key, {
        state: update.state,
        time: this.#o.now(),
        filledQty: update.filledQty,
        ...(update.reason !== undefined ? { lastError: update.reason } : {}),
        detail: { filledQty: update.filledQty, remainingQty: update.remainingQty, ...(update.reason !== undefined ? { reason: update.reason } : {}) },
      });
    });
  }

  recordFill(fill: Fill): void {
    const { db, account, portfolio } = this.#o;
    this.#timed(() => {
      insertFill(db, fill, { account });
      const position = portfolio.position(fill.symbol) ?? { symbol: fill.symbol, qty: 0, avgCost: fill.price };
      setPosition(db, account, position, this.#o.now());
    });
  }

  recordRefusal(intent: OrderIntent, refusal: Refusal): void {
    if (refusal.rule === WARM_UP_RULE) return;
    const { db } = this.#o;
    this.#timed(() => {
      insertAlert(db, { time: this.#o.now(), level: "warn", kind: "refused-order", message: refusal.reason, detail: { refusal, intent } });
    });
  }

  #context() {
    return { account: this.#o.account, mode: this.#o.mode, time: this.#o.now() };
  }

  #timed(write: () => void): void {
    const started = performance.now();
    write();
    this.#o.onWrite?.(performance.now() - started);
  }
}
