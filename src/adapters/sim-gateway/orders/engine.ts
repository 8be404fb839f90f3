import Big from "big.js";
import { fixedCommission } from "../account/commission.ts";
import type { SimExecution } from "../account/execution.ts";
import { isTerminal, remaining, type SimOrder, type SimOrderType } from "../account/order.ts";
import { RequestError } from "../fields.ts";
import { resolveContract } from "../handlers/resolve.ts";
import { easternDate } from "../market/eastern-time.ts";
import { STEPS, STEP_SECONDS } from "../market/intraday.ts";
import { sessionClose, sessionOpen } from "../market/session-times.ts";
import type { FieldValue } from "../codec.ts";
import { commissionReport, execDetails, openOrder, orderStatus } from "../out/orders.ts";
import type { Session } from "../session.ts";
import type { SimWorld } from "../world.ts";
import { buyingPowerShortfall } from "./buying-power.ts";
import { decide, decideAtClose } from "./fill-rules.ts";
import { mulberry32 } from "../../../core/seeded-random.ts";
import type { PlaceOrderRequest } from "./parse-place-order.ts";

const ORDER_TYPES: Record<string, SimOrderType> = { MKT: "MKT", LMT: "LMT", STP: "STP", "STP LMT": "STP LMT", MOC: "MOC", LOC: "LOC" };
const TIFS = new Set(["DAY", "GTC", "IOC"]);
const STEP_MS = STEP_SECONDS * 1000;
/** orderStatus, openOrder, execDetails, commissionReport: what drop-order-messages may lose. */
const ORDER_MESSAGES = new Set([3, 5, 11, 59]);

interface Working {
  readonly order: SimOrder;
  /** Replayed instant up to which price points have been checked. */
  checkedTo: number;
}

/**
 * Places, modifies, cancels and fills orders against the replayed prices, and tells the
 * placing client id's connections, in TWS's order: openOrder + orderStatus on acceptance;
 * per fill execDetails (reqId -1), commissionReport, then openOrder + orderStatus.
 */
export class OrderEngine {
  readonly #world: SimWorld;
  readonly #working = new Map<SimOrder, Working>();
  #stopTicker: (() => void) | undefined;
  readonly #coin: () => number;

  constructor(world: SimWorld, seed = 1) {
    this.#world = world;
    this.#coin = mulberry32(seed);
  }

  place(session: Session, req: PlaceOrderRequest): void {
    const w = this.#world;
    const clientId = session.clientId ?? 0;
    const existing = w.account.order(clientId, req.orderId);
    if (existing) return this.#modify(session, existing, req);
    if (req.orderId <= 0 || !w.account.useOrderId(clientId, req.orderId)) {
      throw new RequestError(`Duplicate order id`, 103, req.orderId);
    }
    const reject = (why: string) => new RequestError(`Order rejected - reason:${why}`, 201, req.orderId);
    const orderType = ORDER_TYPES[req.orderType];
    if (!orderType) throw reject(`order type '${req.orderType}' is not supported by the simulator (MKT, LMT, STP, STP LMT, MOC, LOC)`);
    if (req.action !== "BUY" && req.action !== "SELL" && req.action !== "SSHORT") throw reject(`action '${req.action}' must be BUY, SELL or SSHORT`);
    const tif = req.tif === "" ? "DAY" : req.tif;
    if (!TIFS.has(tif)) throw reject(`time in force '${req.tif}' is not supported by the simulator (DAY, GTC, IOC)`);
    if (req.account !== "" && req.account !== w.accountId) throw reject(`account '${req.account}' is not managed by this gateway`);
    if ((orderType === "LMT" || orderType === "STP LMT" || orderType === "LOC") && !(req.lmtPrice! > 0)) throw reject(`${orderType} order needs a limit price > 0`);
    if ((orderType === "STP" || orderType === "STP LMT") && !(req.auxPrice! > 0)) throw reject(`${orderType} order needs a stop price (auxPrice) > 0`);
    const { info } = resolveContract(w, req.contract, req.orderId);
    const now = w.replay.now();
    let quantity = req.totalQuantity;
    if ((quantity === undefined || quantity.eq(0)) && req.cashQty !== undefined && orderType === "MKT") {
      const px = w.replay.priceAt(info.symbol, now);
      if (px !== undefined) quantity = new Big(Math.floor(req.cashQty / px));
    }
    if (quantity === undefined || quantity.lte(0)) throw reject(`order quantity must be > 0, got ${req.totalQuantity?.toString() ?? "none"}`);
    if (!quantity.round(0, Big.roundDown).eq(quantity)) throw reject(`fractional share size ${quantity.toString()} is not supported for ${info.symbol}; whole shares only`);
    if (!req.whatIf) {
      const short = buyingPowerShortfall(w, { action: req.action, symbol: info.symbol, quantity, lmtPrice: req.lmtPrice, now });
      if (short) throw reject(short);
    }

    const order: SimOrder = {
      orderId: req.orderId,
      clientId,
      permId: w.account.newPermId(),
      symbol: info.symbol,
      conId: info.conId,
      secType: info.secType,
      exchange: req.contract.exchange.trim().toUpperCase() || "SMART",
      primaryExchange: info.primaryExchange,
      currency: "USD",
      action: req.action,
      totalQuantity: quantity,
      orderType,
      lmtPrice: req.lmtPrice,
      auxPrice: req.auxPrice,
      tif,
      account: w.accountId,
      orderRef: req.orderRef,
      transmit: req.transmit,
      parentId: req.parentId,
      outsideRth: req.outsideRth,
      goodAfterTime: req.goodAfterTime,
      goodTillDate: req.goodTillDate,
      cashQty: req.cashQty,
      status: req.transmit ? "Submitted" : "PendingSubmit",
      filled: new Big(0),
      avgFillPrice: new Big(0),
      lastFillPrice: new Big(0),
      commission: new Big(0),
      placedAt: now,
      triggered: false,
      completedAt: undefined,
    };

    if (req.whatIf) {
      // What-if: report the commission it would cost; nothing is kept or worked.
      const px = w.replay.priceAt(info.symbol, now) ?? req.lmtPrice ?? 0;
      const est = fixedCommission(quantity, new Big(px)).toString();
      session.send(openOrder(session.serverVersion, order, { whatIf: true, status: "PreSubmitted", whatIfCommission: est }));
      return;
    }
    w.account.orders.set(`${clientId}:${order.orderId}`, order);
    this.#announce(order);
    if (!order.transmit) {
      w.log.info(`sim-gateway: order ${order.orderId} (client ${clientId}) not transmitted (transmit=0): kept, not worked`);
      return;
    }
    this.#startWorking(order, now);
  }

  cancel(session: Session, orderId: number): void {
    const o = this.#world.account.order(session.clientId ?? 0, orderId);
    if (!o) throw new RequestError(`OrderId ${orderId} that needs to be cancelled is not found.`, 10147, orderId);
    if (isTerminal(o.status)) throw new RequestError(`OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${o.status}.`, 10148, orderId);
    this.#cancel(o, true);
  }

  /** reqGlobalCancel: every live order of every client. */
  cancelAll(): void {
    for (const o of this.#world.account.orders.values()) if (!isTerminal(o.status)) this.#cancel(o, true);
  }

  #cancel(o: SimOrder, byApi: boolean): void {
    this.#send(o.clientId, orderStatus(o, "PendingCancel"));
    this.#working.delete(o);
    o.status = "Cancelled";
    o.completedAt = this.#world.replay.now();
    this.#send(o.clientId, orderStatus(o));
    if (byApi) this.#send(o.clientId, [4, 2, o.orderId, 202, "Order Canceled - reason:", ""]);
    this.#maybeStopTicker();
  }

  #modify(session: Session, o: SimOrder, req: PlaceOrderRequest): void {
    if (o.status === "Filled") throw new RequestError("Can't modify a filled order.", 104, o.orderId);
    if (isTerminal(o.status)) throw new RequestError(`Duplicate order id: order ${o.orderId} is ${o.status} and cannot be modified`, 103, o.orderId);
    if (req.totalQuantity !== undefined && req.totalQuantity.gt(0)) {
      if (req.totalQuantity.lt(o.filled)) throw new RequestError(`Order rejected - reason:new quantity ${req.totalQuantity} is below the filled ${o.filled}`, 201, o.orderId);
      o.totalQuantity = req.totalQuantity;
    }
    o.lmtPrice = req.lmtPrice ?? o.lmtPrice;
    o.auxPrice = req.auxPrice ?? o.auxPrice;
    if (req.tif !== "" && TIFS.has(req.tif)) o.tif = req.tif;
    const startNow = !o.transmit && req.transmit;
    o.transmit = o.transmit || req.transmit;
    if (startNow) o.status = "Submitted";
    this.#world.log.debug(`sim-gateway: order ${o.orderId} modified by connection ${session.id}`);
    this.#announce(o);
    const now = this.#world.replay.now();
    if (startNow) this.#startWorking(o, now);
    else if (this.#working.has(o)) this.#work(this.#working.get(o)!, now, true);
  }

  #announce(o: SimOrder): void {
    for (const s of this.#sessionsOf(o.clientId)) {
      this.#live(s, openOrder(s.serverVersion, o));
      this.#live(s, orderStatus(o));
    }
  }

  /** An unsolicited order message, lost now and then under the drop-order-messages fault. */
  #live(s: Session, fields: readonly FieldValue[]): void {
    const p = Number(this.#world.faults.get("drop-order-messages") || 0);
    if (p > 0 && ORDER_MESSAGES.has(Number(fields[0])) && this.#coin() < p) {
      this.#world.log.debug(`sim-gateway: drop-order-messages: message ${String(fields[0])} to connection ${s.id} dropped`);
      return;
    }
    s.send(fields);
  }

  #startWorking(o: SimOrder, now: number): void {
    const w: Working = { order: o, checkedTo: now };
    this.#working.set(o, w);
    this.#work(w, now, true);
    if (o.tif === "IOC" && !isTerminal(o.status)) this.#cancel(o, false);
    if (this.#working.size > 0 && !this.#stopTicker) this.#stopTicker = this.#world.ticker.subscribe((t) => this.#onTick(t));
  }

  #onTick(now: number): void {
    for (const w of [...this.#working.values()]) this.#work(w, now, false);
    this.#maybeStopTicker();
  }

  #maybeStopTicker(): void {
    if (this.#working.size === 0 && this.#stopTicker) {
      this.#stopTicker();
      this.#stopTicker = undefined;
    }
  }

  /** Walks the order through the replayed 5-second points from where it was last checked to `now`. */
  #work(w: Working, now: number, atPlacement: boolean): void {
    const o = w.order;
    const series = this.#world.replay.series(o.symbol);
    if (!series || this.#world.replay.ended) return;
    let t = w.checkedTo;
    let first = atPlacement;
    while (!isTerminal(o.status)) {
      let i = series.indexOf(easternDate(t));
      if (i === undefined || t >= sessionClose(series.days[i]!.time)) {
        i = series.nextIndexAfter(easternDate(t));
        if (i === undefined) break;
        t = sessionOpen(series.days[i]!.time);
        first = true;
      }
      const date = series.days[i]!.time;
      const open = sessionOpen(date);
      const close = sessionClose(date);
      if (t < open) {
        t = open;
        first = true;
      }
      if (t > now) break;
      const path = series.path(i);
      const fromStep = Math.floor((t - open) / STEP_MS);
      const toStep = Math.min(STEPS, Math.floor((Math.min(now, close) - open) / STEP_MS));
      for (let k = fromStep; k <= toStep && !isTerminal(o.status); k++) {
        const price = path.price[k]!;
        const at = Math.max(t, open + k * STEP_MS);
        const d = decide(o, price, first);
        if (d.kind === "trigger") {
          o.triggered = true;
          const after = decide(o, price, true);
          if (after.kind === "fill") this.#fill(o, after.price, at);
        } else if (d.kind === "fill") this.#fill(o, d.price, at);
        first = false;
      }
      if (now < close) break;
      if (!isTerminal(o.status)) {
        const d = decideAtClose(o, path.price[STEPS]!);
        if (d.kind === "fill") this.#fill(o, d.price, close);
        else if (o.tif === "DAY" || o.orderType === "LOC" || o.orderType === "MOC") this.#expire(o, close);
      }
      t = close;
    }
    w.checkedTo = Math.max(w.checkedTo, now + 1);
    if (isTerminal(o.status)) this.#working.delete(o);
  }

  #expire(o: SimOrder, at: number): void {
    o.status = "Cancelled";
    o.completedAt = at;
    this.#working.delete(o);
    this.#world.log.debug(`sim-gateway: order ${o.orderId} expired at the close (tif ${o.tif})`);
    this.#send(o.clientId, orderStatus(o));
  }

  #fill(o: SimOrder, price: number, at: number): void {
    const w = this.#world;
    const slice = Number(w.faults.get("partial-fills") || 0);
    const shares = slice > 0 && remaining(o).gt(slice) ? new Big(slice) : remaining(o);
    const px = new Big(price);
    const side = o.action === "BUY" ? "BOT" : "SLD";
    const commission = fixedCommission(o.filled.plus(shares), px).minus(o.commission);
    const realized = w.account.applyFill({ symbol: o.symbol, conId: o.conId, secType: o.secType, primaryExchange: o.primaryExchange, side, shares, price: px, commission });
    o.avgFillPrice = o.filled.times(o.avgFillPrice).plus(shares.times(px)).div(o.filled.plus(shares));
    o.filled = o.filled.plus(shares);
    o.lastFillPrice = px;
    o.commission = o.commission.plus(commission);
    if (remaining(o).eq(0)) {
      o.status = "Filled";
      o.completedAt = at;
    }
    const exec: SimExecution = {
      execId: w.account.newExecId(),
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      symbol: o.symbol,
      conId: o.conId,
      secType: o.secType,
      currency: o.currency,
      exchange: o.primaryExchange === "CBOE" ? "CBOE" : o.primaryExchange,
      side,
      shares,
      price: px,
      time: at,
      cumQty: o.filled,
      avgPrice: o.avgFillPrice,
      orderRef: o.orderRef,
      commission,
      realizedPnl: realized,
    };
    w.account.executions.push(exec);
    w.log.info(`sim-gateway: filled order ${o.orderId} (client ${o.clientId}) ${side} ${shares} ${o.symbol} @ ${px}`);
    for (const s of this.#sessionsOf(o.clientId)) {
      this.#live(s, execDetails(s.serverVersion, -1, exec, w.accountId));
      this.#live(s, commissionReport(exec));
      this.#live(s, openOrder(s.serverVersion, o));
      this.#live(s, orderStatus(o));
    }
    w.accountFeed.changed(o.symbol);
  }

  #sessionsOf(clientId: number): Session[] {
    return [...this.#world.readySessions()].filter((s) => s.clientId === clientId);
  }

  #send(clientId: number, fields: readonly FieldValue[]): void {
    for (const s of this.#sessionsOf(clientId)) this.#live(s, fields);
  }
}
