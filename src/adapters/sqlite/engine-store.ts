import { applyStrategyFill } from "./strategy-positions-repo.ts";
import type { OrderUpdate, Refusal } from "../../core/events.ts";
import type { Fill } from "../../core/fill.ts";
import { money, ZERO } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import type { Position } from "../../core/position.ts";
import type { JournalEntry, OrderJournal } from "../../core/reconciliation-journal.ts";
import { positionAfterFill } from "../../core/reconciliation-position.ts";
import { isAdvance } from "../../core/reconciliation.ts";
import { realizedByFill } from "../../core/realized-pnl.ts";
import type { Store } from "../../engine/ports.ts";
import type { Logger } from "../../log/logger.ts";
import { durableTransaction, type Db } from "./db.ts";
import { bookPaperFill } from "./engine-store-account.ts";
import { insertFill } from "./fills-repo.ts";
import { alertConflict, fillStatus, noteCorrection, type FillStatus } from "./fill-identity.ts";
import { getOrder, insertIntent, updateOrder, upsertIntent, type OrderRow } from "./orders-repo.ts";
import { getPosition, getPositions, setPosition } from "./positions-repo.ts";

export interface SqliteStoreOptions {
  /** The broker account the positions belong to ("" for local paper/sim runs). */
  readonly account: string;
  /** Stored with each order: "live", "paper", "sim". */
  readonly mode?: string;
  readonly now?: () => number;
  readonly log?: Logger;
  /** --broker paper: every fill also moves the stored paper account (cash, realized P&L, commissions). */
  readonly paperAccount?: boolean;
}

/** The stored order as the broker adapter and reconciliation read it. */
export function journalEntry(row: OrderRow, filledQty: number): JournalEntry {
  const intent: OrderIntent = {
    key: row.orderRef, strategy: row.strategy, signalTime: row.signalTime, symbol: row.symbol, side: row.side, qty: row.qty,
    type: row.type, tif: row.tif,
    ...(row.limitPrice ? { limitPrice: Number(row.limitPrice.toString()) } : {}),
    ...(row.stopPrice ? { stopPrice: Number(row.stopPrice.toString()) } : {}),
  };
  return {
    key: row.orderRef, symbol: row.symbol, side: row.side, qty: row.qty, state: row.state, filledQty,
    brokerOrderId: row.brokerOrderId, createdAt: row.createdAt, intent,
  };
}

/**
 * A refusal as one line naming its rule once: the risk rules already start their reason
 * with "rule: " (core/risk/decision.ts); other checks (warm-up, reconciliation) do not.
 */
export function refusalText(refusal: Refusal): string {
  return refusal.reason.startsWith(`${refusal.rule}: `) ? refusal.reason : `${refusal.rule}: ${refusal.reason}`;
}

/**
 * The engine's Store on SQLite, and the broker adapter's OrderJournal: every write is one
 * durable (synchronous=FULL) transaction. Rows are stamped with `now` (wall clock: when
 * robotrader recorded it); the market time of an event stays beside it (orders.signal_time,
 * fills.market_time, order_events detail.marketTime), so "today" means the same in --sim and live. Intents are written before anything is sent;
 * every state change appends an order_events row; a fill is inserted once by exec id and
 * moves the stored position in the same transaction, so fills and positions never disagree.
 * Repeated or stale updates (a restart replaying what is stored) change nothing.
 */
export class SqliteStore implements Store, OrderJournal {
  readonly db: Db;
  readonly account: string;
  readonly #mode: string | undefined;
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  readonly #paperAccount: boolean;

  constructor(db: Db, options: SqliteStoreOptions) {
    this.db = db;
    this.account = options.account;
    this.#mode = options.mode;
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
    this.#paperAccount = options.paperAccount ?? false;
  }

  now(): number {
    return this.#now();
  }

  recordIntent(intent: OrderIntent): void {
    insertIntent(this.db, intent, { account: this.account, ...(this.#mode ? { mode: this.#mode } : {}), time: this.#now() });
  }

  /** `marketTime`: the broker adapter's clock (the replay clock under --sim); the row gets wall time. */
  recordSubmission(key: string, brokerOrderId: number, marketTime: number): void {
    updateOrder(this.db, key, { state: "submitted", time: this.#now(), brokerOrderId, detail: { brokerOrderId, marketTime } });
  }

  lookup(key: string): JournalEntry | undefined {
    const row = getOrder(this.db, key);
    return row ? journalEntry(row, this.filledQty(key)) : undefined;
  }

  /** Shares filled for `key` according to the stored fills. */
  filledQty(key: string): number {
    const r = this.db.query("SELECT COALESCE(SUM(qty), 0) AS n FROM fills WHERE order_ref = $key").get({ key }) as { n: number };
    return r.n;
  }

  recordOrderUpdate(update: OrderUpdate): void {
    durableTransaction(this.db, () => {
      const row = getOrder(this.db, update.key);
      if (!row) {
        this.#log?.warn(`order update for unknown order ${update.key} (${update.state}) not stored`);
        return;
      }
      if (!isAdvance(row.state, row.filledQty, update.state, update.filledQty)) return;
      updateOrder(this.db, update.key, {
        state: update.state,
        time: this.#now(),
        filledQty: Math.max(row.filledQty, update.filledQty),
        ...(update.reason !== undefined ? { lastError: update.reason } : {}),
        detail: { filledQty: update.filledQty, remainingQty: update.remainingQty, marketTime: update.time, ...(update.reason !== undefined ? { reason: update.reason } : {}) },
      });
    });
  }

  /**
   * Inserts the fill once, stamped with wall time (`fill.time` is kept as its market time);
   * for one of our orders also moves the position and the average fill price, and stores
   * the P&L the fill realized against the stored position (0 for an opening fill).
   */
  /** Whether this execution is new, stored, a conflicting reuse of its exec id, or IB's correction of a stored one. */
  fillStatus(fill: Fill): FillStatus {
    return fillStatus(this.db, fill, this.account);
  }

  /**
   * Stores an execution once, by exec id and content: a replay changes nothing (false); the
   * same id with other content is stored as a separate execution and alerted; IB's
   * correction of a stored execution is alerted, not counted (false).
   */
  recordFill(received: Fill): boolean {
    return durableTransaction(this.db, () => {
      const status = fillStatus(this.db, received, this.account);
      if (status.kind === "stored") return false;
      if (status.kind === "correction") {
        noteCorrection(this.db, received, status, this.#now());
        this.#log?.warn(`IB execution ${received.execId} corrects the stored ${status.of.execId}; alerted, not counted twice`);
        return false;
      }
      if (status.kind === "conflict") {
        alertConflict(this.db, received, status, this.#now());
        this.#log?.error(`IB execution id ${received.execId} reused with other content; stored as ${status.storeAs} and alerted`);
      }
      const fill = status.kind === "conflict" ? { ...received, execId: status.storeAs } : received;
      const order = fill.orderKey === "" ? undefined : getOrder(this.db, fill.orderKey);
      const before = order ? getPosition(this.db, this.account, fill.symbol) : undefined;
      // Our order: the stored position tells what the fill realized (0 when it opens or adds).
      // Another's fill (TWS, an unknown orderRef) moves no stored position: its P&L stays unknown (NULL).
      const realizedPnl = order ? realizedByFill(before, fill) : undefined;
      const stored = { ...fill, time: this.#now() };
      if (!insertFill(this.db, stored, { account: this.account, marketTime: fill.time, ...(realizedPnl !== undefined ? { realizedPnl } : {}) })) return false;
      if (!order) return true;
      setPosition(this.db, this.account, positionAfterFill(before, fill), this.#now());
      applyStrategyFill(this.db, { account: this.account, strategy: order.strategy, fill, now: this.#now() });
      if (this.#paperAccount && !bookPaperFill(this.db, this.account, fill, realizedPnl ?? ZERO, this.#now())) {
        this.#log?.warn(`fill ${fill.execId}: no stored paper account '${this.account}' to book it on`);
      }
      const totals = this.db
        .query("SELECT qty, price FROM fills WHERE order_ref = $key")
        .all({ key: fill.orderKey }) as { qty: number; price: string }[];
      let shares = 0;
      let value = ZERO;
      for (const t of totals) {
        shares += t.qty;
        value = value.plus(money(t.price).times(t.qty));
      }
      this.db
        .query("UPDATE orders SET avg_fill_price = $avg, filled_qty = MAX(filled_qty, $shares), updated_at = $now WHERE order_ref = $key")
        .run({ avg: value.div(shares).toString(), shares, now: this.#now(), key: fill.orderKey });
      return true;
    });
  }

  /**
   * A pre-trade check refused the intent: stored as a rejected order with the refusal as
   * detail. An order already stored under that key (a replayed signal) is left untouched.
   */
  recordRefusal(intent: OrderIntent, refusal: Refusal): void {
    durableTransaction(this.db, () => {
      const { created } = upsertIntent(this.db, intent, { account: this.account, ...(this.#mode ? { mode: this.#mode } : {}), time: this.#now() });
      if (!created) return;
      updateOrder(this.db, intent.key, { state: "rejected", time: this.#now(), lastError: refusalText(refusal), detail: refusal });
    });
  }

  /** Positions of this account from earlier runs: seed the portfolio with them at start. */
  positions(): Position[] {
    return getPositions(this.db, this.account).map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: p.avgCost }));
  }
}
