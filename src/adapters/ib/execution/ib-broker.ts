import { EventName, type CommissionReport, type Contract, type Execution, type IBApi, type Order, type OrderState as IbOrderState } from "@stoqey/ib";
import type { BrokerEvent } from "../../../core/events.ts";
import type { Fill } from "../../../core/fill.ts";
import { TERMINAL_STATES, type OrderIntent } from "../../../core/order.ts";
import type { JournalEntry, OrderJournal } from "../../../core/reconciliation-journal.ts";
import { orderRequestProblem } from "../../../engine/order-request-problem.ts";
import type { Broker, BrokerListener } from "../../../engine/ports.ts";
import type { Logger } from "../../../log/logger.ts";
import { brokerExecution, type BrokerExecution } from "./account.ts";
import type { IbConnection, IbMessage } from "../connection/connection.ts";
import { isWarning, ORDER_CANCELLED } from "../error-codes.ts";
import { ibOrderFor } from "./send-order.ts";
import { FillAssembler } from "./ib-broker-fills.ts";
import { OrderTracker, type TrackedOrder } from "./ib-broker-tracker.ts";
import { OverdueWatch } from "./overdue-watch.ts";
import { stockContract } from "../parse/contract.ts";
import { orderStateFromIb } from "../parse/order-status.ts";

/** Where a test may stop the process (kill -9) to prove restarts are safe. */
export type IbBrokerProbe = (point: "before-send" | "after-send" | "broker-message", key: string) => void;

export interface IbBrokerOptions {
  readonly conn: IbConnection;
  /** Durable order trail (the SQLite store): intents and order ids are written before sending. */
  readonly journal: OrderJournal;
  /** IB account the orders are for; empty lets the gateway pick its only account. */
  readonly account?: string;
  readonly now?: () => number;
  readonly log?: Logger;
  readonly probe?: IbBrokerProbe;
  /**
   * Something the broker should have said has not come (DESIGN.md invariant 13): an order
   * unacknowledged past `ackTimeoutMs`, an execution without its commission report, a
   * "filled" status whose executions never arrived. Reconciliation should run now.
   */
  readonly onAnomaly?: (why: string) => void;
  /** How long an acknowledgement, a commission report or an execution may take; default 10 s. */
  readonly ackTimeoutMs?: number;
  /**
   * The journal's group commit (adapters/sqlite/group-commit.ts): placeOrder runs only once
   * the intent and its order id are committed; a failed commit abandons the send. Absent:
   * each journal write commits on its own and placeOrder follows at once.
   */
  readonly commits?: CommitGate;
  /** placeOrder was called for `key` (the order left for IB): latency metrics. */
  readonly onSent?: (key: string) => void;
}

/** Runs a send after the writes before it are committed, or abandons it if they cannot be. */
export interface CommitGate {
  afterCommit(send: () => void, abandon: (error: Error) => void): void;
}

/** An order not final when the runner stops. */
export interface UnsettledOrder {
  readonly key: string;
  readonly symbol: string;
  readonly state: string;
}

/** IB's "cannot cancel: not found / already final" answers: the order's own status tells the outcome. */
const CANCEL_NOISE = new Set([ORDER_CANCELLED, 10147, 10148]);

/**
 * The Broker port over a live IB connection (DESIGN.md invariant 1). An intent is in the
 * journal before anything is sent; its IB order id is written there before placeOrder; an
 * order counts as accepted only when IB reports a status for it. A key the journal shows as
 * sent is never sent again by `submit`: only reconciliation, after asking IB for open and
 * completed orders and executions by orderRef, may `resend` one IB never saw. IB's
 * openOrder/orderStatus/execDetails+commissionReport and the errors naming an order id
 * become OrderUpdate and FillEvent values carrying the intent key.
 */
export class IbBroker implements Broker {
  readonly #o: IbBrokerOptions;
  readonly #listeners = new Set<BrokerListener>();
  readonly #tracker: OrderTracker;
  readonly #fills = new FillAssembler((x) => this.#emitFill(x.orderKey!, x));
  readonly #now: () => number;
  #session = 0;
  readonly #overdue: OverdueWatch;
  #detach: () => void = () => {};
  readonly #offConn: (() => void)[] = [];

  constructor(options: IbBrokerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#tracker = new OrderTracker((event) => this.#emit(event));
    this.#overdue = new OverdueWatch(options.ackTimeoutMs ?? 10_000, options.onAnomaly);
    this.#offConn.push(options.conn.events.on("session", (session) => this.#attach(session.api)));
    this.#offConn.push(options.conn.events.on("message", (m) => this.#onMessage(m)));
    if (options.conn.api) this.#attach(options.conn.api);
  }

  subscribe(listener: BrokerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  submit(intent: OrderIntent): void {
    if (this.#tracker.get(intent.key)) return this.#tracker.repeat(intent.key, this.#now());
    const problem = orderRequestProblem(intent);
    if (problem) {
      // Malformed: nothing is stored or sent; the caller hears why.
      this.#emit({ kind: "order", key: intent.key, state: "rejected", filledQty: 0, remainingQty: Math.max(0, intent.qty || 0), time: this.#now(), reason: `not sent: ${problem}` });
      return;
    }
    let entry = this.#o.journal.lookup(intent.key);
    if (!entry) {
      this.#o.journal.recordIntent(intent);
      entry = this.#o.journal.lookup(intent.key)!;
    }
    const order = this.#track(entry);
    if (entry.state === "intent" && entry.brokerOrderId === null) {
      this.#send(order, entry.intent);
      return;
    }
    // Sent by an earlier process or connection: IB may know it. Never again from here;
    // reconciliation decides (and resends only what IB never saw).
    this.#tracker.repeat(intent.key, this.#now());
  }

  cancel(key: string): void {
    const order = this.#tracker.get(key);
    if (!order || TERMINAL_STATES.has(order.state)) return;
    const api = this.#o.conn.api;
    if (order.orderId === undefined || order.state === "intent") {
      this.#tracker.status(key, "cancelled", order.updateFilled, order.qty - order.updateFilled, this.#now(), "cancelled before it was sent");
      return;
    }
    if (!api || !this.#o.conn.isReady) {
      this.#o.log?.warn(`cannot cancel ${key} (IB order ${order.orderId}): not connected; it stays working at IB`);
      return;
    }
    api.cancelOrder(order.orderId);
  }

  /** Follows an order stored by an earlier process or connection (reconciliation calls this). */
  adopt(entry: JournalEntry, orderId?: number): void {
    const order = this.#tracker.get(entry.key) ?? this.#track(entry);
    if (orderId !== undefined && order.orderId === undefined) this.#tracker.link(orderId, entry.key, false);
  }

  /** Recovered fills and states (reconciliation): told to listeners once, like live ones. */
  deliver(events: readonly BrokerEvent[]): void {
    for (const e of events) {
      if (e.kind === "fill") this.#fill(e.fill, false);
      else this.#tracker.status(e.key, e.state, e.filledQty, e.remainingQty, e.time, e.reason);
    }
  }

  /**
   * Sends again an intent IB has never seen. Only reconciliation calls it, after checking
   * IB's open orders, completed orders and executions for the key. Returns false when the
   * order was sent on the current connection (IB will answer for it) or is final.
   */
  resend(key: string): boolean {
    const entry = this.#o.journal.lookup(key);
    // An order id stored means placeOrder may have gone out: in doubt, never sent again (invariant 12).
    if (!entry || TERMINAL_STATES.has(entry.state) || entry.filledQty > 0 || entry.brokerOrderId !== null) return false;
    const order = this.#tracker.get(key) ?? this.#track(entry);
    if (order.sentSession === this.#session || TERMINAL_STATES.has(order.state)) return false;
    this.#o.log?.info(`re-sending ${key}: IB has no trace of it (not in open or completed orders, no executions)`);
    return this.#send(order, entry.intent);
  }

  /**
   * Keys sent on the current connection since `askedAt` minus the acknowledgement timeout
   * (askedAt: when reconciliation started asking IB) and not final: IB's answers may not
   * show them yet, so reconciliation does not call them missing (in doubt, or lost).
   */
  inFlight(askedAt: number = Date.now()): Set<string> {
    const since = askedAt - this.#overdue.timeoutMs;
    return this.#tracker.keysWhere((o) => o.sentSession === this.#session && !TERMINAL_STATES.has(o.state) && (o.sentAt ?? 0) >= since);
  }

  /** Orders this process follows that are not final: listed in the run's summary at shutdown. */
  unsettled(): UnsettledOrder[] {
    return [...this.#tracker.keysWhere((o) => !TERMINAL_STATES.has(o.state))].map((key) => {
      const o = this.#tracker.get(key)!;
      return { key, symbol: o.symbol, state: o.state };
    });
  }

  /** Keys whose answer should come soon: unacknowledged orders, market orders not yet final (the shutdown waits for them). */
  awaitingAnswers(): string[] {
    return [...this.#tracker.keysWhere((o) => {
      if (TERMINAL_STATES.has(o.state) || o.sentSession === undefined) return false;
      return o.state === "submitted" || this.#o.journal.lookup(o.key)?.intent.type === "market";
    })];
  }

  /** Stops listening to the connection (the connection itself is the caller's to close). */
  close(): void {
    this.#overdue.close();
    this.#detach();
    for (const off of this.#offConn.splice(0)) off();
  }

  #track(entry: JournalEntry): TrackedOrder {
    return this.#tracker.add({
      key: entry.key, symbol: entry.symbol, side: entry.side, qty: entry.qty, orderId: entry.brokerOrderId ?? undefined,
      sentSession: undefined, sentAt: undefined, state: entry.state, updateFilled: entry.filledQty, fillQty: entry.filledQty, pending: undefined,
    });
  }

  #send(order: TrackedOrder, intent: OrderIntent): boolean {
    const conn = this.#o.conn;
    const api = conn.api;
    const refuse = (why: string) => {
      this.#tracker.status(order.key, "failed", 0, order.qty, this.#now(), why);
      return false;
    };
    if (!conn.allowOrders) return refuse("not sent: the IB connection is read-only (data mode)");
    if (!api || conn.state !== "connected") return refuse(`not sent: IB is ${conn.state === "paused" ? "cut off from its servers (1100); trading paused" : "not connected"}`);
    const orderId = conn.nextOrderId();
    this.#o.journal.recordSubmission(order.key, orderId, this.#now());
    this.#tracker.link(orderId, order.key);
    order.sentSession = this.#session;
    order.sentAt = Date.now();
    this.#tracker.status(order.key, "submitted", 0, order.qty, this.#now());
    this.#overdue.expect(`order ${order.key} (IB order ${orderId}) not acknowledged within ${this.#overdue.timeoutMs} ms`, () => order.state !== "submitted" && order.state !== "intent");
    if (intent.type === "market") {
      // Acknowledged but silent: a market order should be done by now (or IB's answers got lost).
      this.#overdue.expect(`market order ${order.key} (IB order ${orderId}) not final within ${this.#overdue.timeoutMs} ms`, () => order.state === "submitted" || TERMINAL_STATES.has(order.state));
    }
    const send = () => {
      // Nothing ran between the commit and here but other sends of the same turn.
      if (conn.api !== api) return this.#notSent(order, new Error("the connection to IB changed before the send"));
      this.#o.probe?.("before-send", order.key);
      api.placeOrder(orderId, stockContract(intent.symbol), ibOrderFor(intent, this.#o.account));
      this.#o.probe?.("after-send", order.key);
      this.#o.onSent?.(order.key);
    };
    if (this.#o.commits) this.#o.commits.afterCommit(send, (error) => this.#notSent(order, error));
    else send();
    return true;
  }

  /** The send was dropped before placeOrder: IB never saw it, the order is final as failed. */
  #notSent(order: TrackedOrder, error: Error): void {
    this.#o.log?.error(`order ${order.key} NOT sent: ${error.message}`);
    this.#tracker.status(order.key, "failed", 0, order.qty, this.#now(), `not sent: ${error.message}`);
  }

  #attach(api: IBApi): void {
    this.#detach();
    this.#session += 1;
    const onOpen = (orderId: number, _c: Contract, order: Order, state: IbOrderState) => this.#onOpenOrder(orderId, order, state);
    const onStatus = (orderId: number, status: string, filled: number, remaining: number) => this.#onStatus(orderId, status, filled, remaining);
    const onExec = (reqId: number, contract: Contract, e: Execution) => reqId === -1 && this.#onExec(brokerExecution(contract, e));
    const onCommission = (report: CommissionReport) => this.#fills.commission(report);
    api.on(EventName.openOrder, onOpen).on(EventName.orderStatus, onStatus).on(EventName.execDetails, onExec).on(EventName.commissionReport, onCommission);
    this.#detach = () => {
      api.off(EventName.openOrder, onOpen).off(EventName.orderStatus, onStatus).off(EventName.execDetails, onExec).off(EventName.commissionReport, onCommission);
    };
  }

  #probe(key: string): void {
    this.#o.probe?.("broker-message", key);
  }

  #onOpenOrder(orderId: number, order: Order, state: IbOrderState): void {
    const key = order.orderRef && this.#tracker.get(order.orderRef) ? order.orderRef : this.#tracker.keyOf(orderId);
    if (!key) return;
    this.#probe(key);
    this.#tracker.link(orderId, key);
    const mapped = orderStateFromIb(String(state?.status ?? ""));
    // Only acceptance comes from openOrder; fills and final states come with orderStatus's counts.
    if (mapped === "acknowledged") {
      const t = this.#tracker.get(key)!;
      this.#tracker.status(key, "acknowledged", t.updateFilled, t.qty - t.updateFilled, this.#now());
    }
  }

  #onStatus(orderId: number, status: string, filled: number, remaining: number): void {
    const key = this.#tracker.keyOf(orderId);
    if (!key) return;
    this.#probe(key);
    const state = orderStateFromIb(status, filled, remaining);
    if (!state) {
      this.#o.log?.debug(`IB order ${orderId} (${key}): status '${status}' has no meaning here; state kept`);
      return;
    }
    this.#tracker.status(key, state, filled, remaining, this.#now(), state === "rejected" ? `IB status ${status}` : undefined);
    const order = this.#tracker.get(key);
    if (order?.pending) {
      this.#overdue.expect(`IB reports ${filled} shares of ${key} filled but only ${order.fillQty} arrived as executions within ${this.#overdue.timeoutMs} ms`, () => order.fillQty >= filled);
    }
  }

  #onExec(x: BrokerExecution): void {
    const key = x.orderKey && this.#tracker.get(x.orderKey) ? x.orderKey : this.#tracker.keyOf(x.orderId);
    if (!key || this.#tracker.hasExec(x.execId)) return;
    this.#probe(key);
    this.#fills.execution({ ...x, orderKey: key });
    this.#overdue.expect(`IB execution ${x.execId} of ${key} has no commission report after ${this.#overdue.timeoutMs} ms`, () => this.#tracker.hasExec(x.execId));
  }

  #emitFill(key: string, x: BrokerExecution): void {
    const order = this.#tracker.get(key)!;
    if (x.commission === undefined) {
      this.#o.log?.warn(`IB execution ${x.execId} of ${key} came without a commission; reconciliation records it later`);
      return;
    }
    this.#fill({
      orderKey: key, execId: x.execId, symbol: order.symbol, side: x.side ?? order.side, qty: x.qty, price: x.price,
      commission: x.commission, time: x.time ?? this.#now(),
    }, true);
  }

  /**
   * A fill goes to listeners once by exec id and content. A live one the trail already holds
   * (recovered by reconciliation first) is not told again; IB's correction of a stored fill
   * is alerted by the trail and never told as a second fill.
   */
  #fill(fill: Fill, live: boolean): void {
    const status = this.#o.journal.fillStatus?.(fill).kind ?? "new";
    if (status === "correction") {
      this.#o.journal.recordFill?.(fill);
      return;
    }
    // Stored by an earlier process: its shares are in the order's stored fill count already.
    if (live && status === "stored") this.#tracker.known(fill);
    else this.#tracker.fill(fill);
  }

  #onMessage(m: IbMessage): void {
    if (m.reqId < 0 || isWarning(m.code) || CANCEL_NOISE.has(m.code)) return;
    const key = this.#tracker.keyOf(m.reqId);
    if (!key) return;
    const order = this.#tracker.get(key)!;
    this.#probe(key);
    const reason = `IB ${m.code}: ${m.message}`;
    if (order.state === "submitted" || order.state === "intent" || m.code === 201) {
      this.#tracker.status(key, "rejected", order.updateFilled, order.qty - order.updateFilled, this.#now(), reason);
    } else {
      this.#o.log?.warn(`IB order ${m.reqId} (${key}): ${reason}`);
    }
  }

  #emit(event: BrokerEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#o.log?.error(`broker listener failed on ${event.kind === "fill" ? `fill ${event.fill.execId}` : `${event.key} ${event.state}`}:`, error);
      }
    }
  }
}
