import type { Bar } from "../core/bar.ts";
import { volumeClock } from "../core/commission/ib-tiered.ts";
import type { CommissionModel } from "../core/commission/types.ts";
import type { BrokerEvent, OrderUpdate } from "../core/events.ts";
import { addUnits, BigOfUnitsCache, bigOfUnits, mulUnits, numberOfUnits } from "../core/money-units.ts";
import { toNumber, type Money } from "../core/money.ts";
import type { OrderIntent } from "../core/order.ts";
import { orderRequestProblem } from "../engine/order-request-problem.ts";
import type { BarFillingBroker, BrokerListener } from "../engine/ports.ts";
import { matchOrder } from "./fill-model.ts";
import { slipped, slippedUnits } from "./slippage.ts";

/** Cash the simulated account has; the Portfolio provides it. */
export interface FundsCheck {
  readonly cash: Money;
  /** The same in whole units of 1e-8 USD, NaN when it does not fit (enables the fast fill path). */
  readonly cashUnits?: number;
}

export interface SimulatedBrokerOptions {
  readonly commission: CommissionModel;
  /** Adverse slippage on market and stop fills, in basis points (0 <= bps < 10000, i.e. under 100%). */
  readonly slippageBps?: number;
  /**
   * When given, a buy that costs more than the cash (value + commission) is reduced to the
   * shares the cash covers, and rejected when that is 0. Sells are never limited.
   */
  readonly funds?: FundsCheck;
}

interface SimOrder {
  readonly intent: OrderIntent;
  /** UTC day (epoch days) of the first bar the order could trade on; "day" orders expire after it. */
  day: number;
  /** `day` is set (a flag, not a NaN day: a field read as NaN, then as a whole number, threw away onBar's optimized code). */
  dated: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Fills orders from bars by the fill model (fill-model.ts): an order decided on bar t trades
 * from bar t+1 on, whole quantity, no partial fills. Used by backtests (historical bars)
 * and paper trading (live bars). Events are delivered synchronously to subscribers.
 */
export class SimulatedBroker implements BarFillingBroker {
  readonly #opts: SimulatedBrokerOptions;
  readonly #listeners = new Set<BrokerListener>();
  /** The listeners as an array, rebuilt on (un)subscribe: emitting walks it without an iterator. */
  #listening: BrokerListener[] = [];
  readonly #bySymbol = new Map<string, SimOrder[]>();
  readonly #known = new Set<string>();
  #execSeq = 0;
  /** The current volume month, [start, end) on volumeClock (New York wall time). */
  #monthStart = 0;
  #monthEnd = 0;
  #monthShares = 0;
  /**
   * Commissions as big.js, shared among fills of the same amount (a flat fee repeats). Prices are
   * built per fill: they rarely repeat, and a cache that misses costs more than it saves.
   */
  readonly #commissions = new BigOfUnitsCache(256);

  constructor(options: SimulatedBrokerOptions) {
    const bps = options.slippageBps ?? 0;
    // 10000 bps (100%) or more would sell at a zero or negative price.
    if (!Number.isFinite(bps) || bps < 0 || bps >= 10_000) throw new RangeError(`slippage must be >= 0 and < 10000 basis points (100%), got ${bps}`);
    this.#opts = options;
  }

  subscribe(listener: BrokerListener): () => void {
    this.#listeners.add(listener);
    this.#listening = [...this.#listeners];
    return () => {
      this.#listeners.delete(listener);
      this.#listening = [...this.#listeners];
    };
  }

  submit(intent: OrderIntent): void {
    const known = this.#known.size;
    this.#known.add(intent.key);
    if (this.#known.size === known) return;
    const problem = orderRequestProblem(intent);
    if (problem) return this.#update(intent, "rejected", 0, intent.signalTime, problem);
    let list = this.#bySymbol.get(intent.symbol);
    if (!list) this.#bySymbol.set(intent.symbol, (list = []));
    list.push({ intent, day: 0, dated: false });
    this.#update(intent, "acknowledged", 0, intent.signalTime);
  }

  cancel(key: string): void {
    for (const list of this.#bySymbol.values()) {
      const i = list.findIndex((o) => o.intent.key === key);
      if (i >= 0) {
        const [order] = list.splice(i, 1);
        this.#update(order!.intent, "cancelled", 0, order!.intent.signalTime, "cancelled on request");
        return;
      }
    }
  }

  /** Orders still working, for status and tests. */
  openOrders(): OrderIntent[] {
    return [...this.#bySymbol.values()].flatMap((list) => list.map((o) => o.intent));
  }

  onBar(symbol: string, bar: Bar): void {
    const list = this.#bySymbol.get(symbol);
    if (!list || list.length === 0) return;
    // Iterate over a copy: listeners may submit or cancel while we fill.
    for (const order of [...list]) {
      if (bar.time <= order.intent.signalTime) continue;
      const day = Math.floor(bar.time / DAY_MS);
      if (!order.dated) (order.day = day), (order.dated = true);
      else if (order.intent.tif === "day" && day !== order.day) {
        this.#remove(list, order);
        this.#update(order.intent, "cancelled", 0, bar.time, "expired: day order not filled on its day");
        continue;
      }
      const ioc = order.intent.tif === "ioc";
      const point = matchOrder(order.intent, bar, ioc);
      if (!point) {
        if (ioc) {
          this.#remove(list, order);
          this.#update(order.intent, "cancelled", 0, bar.time, "immediate-or-cancel: not marketable at the open");
        }
        continue;
      }
      this.#remove(list, order);
      this.#fill(order.intent, point.price, point.slips ? (this.#opts.slippageBps ?? 0) : 0, bar.time);
    }
  }

  #fill(intent: OrderIntent, rawPrice: number, bps: number, time: number): void {
    const wall = volumeClock(time);
    if (wall >= this.#monthEnd || wall < this.#monthStart) this.#newMonth(wall);
    if (!this.#fillUnits(intent, rawPrice, bps, time)) this.#fillBig(intent, slipped(rawPrice, intent.side, bps), time);
  }

  /**
   * The common case, priced in whole units of 1e-8 USD (core/money-units.ts) with the same
   * results as #fillBig, including the reduction of a buy to the shares the cash covers.
   * False, with nothing done, when an amount does not fit in units or the commission model
   * has no units form.
   */
  #fillUnits(intent: OrderIntent, rawPrice: number, bps: number, time: number): boolean {
    const model = this.#opts.commission;
    if (model.commissionUnits === undefined) return false;
    const { side } = intent;
    const monthShares = this.#monthShares;
    const price = slippedUnits(rawPrice, side, bps);
    let qty = intent.qty;
    let value = mulUnits(price, qty);
    let commission = model.commissionUnits({ side, qty, price, value, monthShares });
    let cost = addUnits(value, commission);
    if (Number.isNaN(cost)) return false;
    let reason: string | undefined;
    const funds = this.#opts.funds;
    if (side === "buy" && funds !== undefined && !(cost <= (funds.cashUnits ?? NaN))) {
      const cash = funds.cashUnits ?? NaN;
      if (Number.isNaN(cash)) return false;
      // #fillBig's search, step for step (its float estimates are these same numbers).
      const p = numberOfUnits(price);
      let q = Math.min(qty - 1, Math.floor(numberOfUnits(cash) / p));
      for (;;) {
        if (q <= 0) {
          this.#update(intent, "rejected", 0, time, `insufficient cash for even 1 share at ${bigOfUnits(price).toString()}`);
          return true;
        }
        value = mulUnits(price, q);
        commission = model.commissionUnits({ side, qty: q, price, value, monthShares });
        cost = addUnits(value, commission);
        if (Number.isNaN(cost)) return false;
        if (cost <= cash) break;
        q = Math.min(q - 1, Math.floor((numberOfUnits(cash) - numberOfUnits(commission)) / p));
      }
      reason = `reduced from ${qty} to ${q} shares: insufficient cash`;
      qty = q;
    }
    this.#monthShares += qty;
    // No value in the event: the books take it from price x qty in units, no big.js needed.
    this.#emitFill(intent, qty, bigOfUnits(price), this.#commissions.get(commission), undefined, time, reason);
    return true;
  }

  #fillBig(intent: OrderIntent, price: Money, time: number): void {
    const monthShares = this.#monthShares;
    const { side } = intent;
    const model = this.#opts.commission;
    let qty = intent.qty;
    let value = price.times(qty);
    let commission = model.commission({ side, qty, price, value, monthShares });
    let reason: string | undefined;
    const funds = this.#opts.funds;
    if (side === "buy" && funds !== undefined && value.plus(commission).gt(funds.cash)) {
      // Too dear: the most shares the cash covers, estimated in float64 and confirmed exactly.
      const cash = funds.cash;
      const p = toNumber(price);
      let q = Math.min(qty - 1, Math.floor(toNumber(cash) / p));
      for (;;) {
        if (q <= 0) return this.#update(intent, "rejected", 0, time, `insufficient cash for even 1 share at ${price.toString()}`);
        value = price.times(q);
        commission = model.commission({ side, qty: q, price, value, monthShares });
        if (value.plus(commission).lte(cash)) break;
        q = Math.min(q - 1, Math.floor((toNumber(cash) - toNumber(commission)) / p));
      }
      reason = `reduced from ${qty} to ${q} shares: insufficient cash`;
      qty = q;
    }
    this.#monthShares += qty;
    this.#emitFill(intent, qty, price, commission, value, time, reason);
  }

  #emitFill(intent: OrderIntent, qty: number, price: Money, commission: Money, value: Money | undefined, time: number, reason?: string): void {
    const fill = { orderKey: intent.key, execId: `sim-${++this.#execSeq}`, symbol: intent.symbol, side: intent.side, qty, price, commission, time };
    this.#emit(value === undefined ? { kind: "fill", fill } : { kind: "fill", fill, value });
    this.#update(intent, "filled", qty, time, reason);
  }

  /** Tiered commissions count shares per New York calendar month, as IB does. */
  #newMonth(wall: number): void {
    const d = new Date(wall);
    this.#monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    this.#monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    this.#monthShares = 0;
  }

  #remove(list: SimOrder[], order: SimOrder): void {
    const i = list.indexOf(order);
    if (i >= 0) list.splice(i, 1);
  }

  #update(intent: OrderIntent, state: OrderUpdate["state"], filledQty: number, time: number, reason?: string): void {
    const remainingQty = state === "filled" ? 0 : intent.qty - filledQty;
    const update: OrderUpdate = reason === undefined
      ? { kind: "order", key: intent.key, state, filledQty, remainingQty, time }
      : { kind: "order", key: intent.key, state, filledQty, remainingQty, time, reason };
    this.#emit(update);
  }

  #emit(event: BrokerEvent): void {
    const listening = this.#listening;
    for (let i = 0; i < listening.length; i++) listening[i]!(event);
  }
}
