import Big from "big.js";
import type { SimExecution } from "./execution.ts";
import type { SimOrder } from "./order.ts";

export interface SimPosition {
  readonly symbol: string;
  readonly conId: number;
  readonly secType: string;
  readonly primaryExchange: string;
  /** Signed shares: negative is short. */
  quantity: Big;
  /** Average cost per share of the open position (0 when flat). */
  avgCost: Big;
  realizedPnl: Big;
}

function bootId(): string {
  return crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16).padStart(8, "0");
}

/**
 * The simulated account. It lives as long as the simulator process, across client
 * reconnects, as a real gateway's does: cash, positions, orders, executions, and the
 * order ids each client id has used. Money is exact (big.js).
 */
export class SimAccount {
  readonly accountId: string;
  readonly startingCash: Big;
  cash: Big;
  readonly positions = new Map<string, SimPosition>();
  readonly orders = new Map<string, SimOrder>(); // key: `${clientId}:${orderId}`
  readonly executions: SimExecution[] = [];
  readonly #maxOrderId = new Map<number, number>();
  #permId = 1_000_000;
  #execSeq = 0;
  /** Per gateway start: exec ids of a restarted (or another) simulator never repeat earlier ones. */
  #boot = bootId();
  commissions = new Big(0);

  constructor(accountId: string, startingCash: number | string) {
    this.accountId = accountId;
    this.startingCash = new Big(startingCash);
    this.cash = this.startingCash;
  }

  /** The next id this client may use: above every id it used before. */
  nextValidId(clientId: number): number {
    return (this.#maxOrderId.get(clientId) ?? 0) + 1;
  }

  /** Ids must grow per client id; returns false when `orderId` is not above all used ones. */
  useOrderId(clientId: number, orderId: number): boolean {
    if (orderId < this.nextValidId(clientId)) return false;
    this.#maxOrderId.set(clientId, orderId);
    return true;
  }

  newPermId(): number {
    return ++this.#permId;
  }

  /** IB's form "0000e0d5.0000001a.01.01": a prefix, then the correction number last. */
  newExecId(): string {
    this.#execSeq++;
    return `${this.#boot}.${this.#execSeq.toString(16).padStart(8, "0")}.01.01`;
  }

  /** The gateway restarted with this account: new exec ids get a new prefix. */
  reboot(): void {
    this.#boot = bootId();
  }

  order(clientId: number, orderId: number): SimOrder | undefined {
    return this.orders.get(`${clientId}:${orderId}`);
  }

  position(symbol: string): SimPosition | undefined {
    return this.positions.get(symbol);
  }

  /**
   * Books a fill: cash moves by the trade value and commission; the position's average cost
   * follows IB (cost basis incl. commission); closing shares realize P&L against it.
   * Returns the realized P&L of this fill (net of its commission) when it closed shares.
   */
  applyFill(args: { symbol: string; conId: number; secType: string; primaryExchange: string; side: "BOT" | "SLD"; shares: Big; price: Big; commission: Big }): Big | undefined {
    const signed = args.side === "BOT" ? args.shares : args.shares.neg();
    this.cash = this.cash.minus(signed.times(args.price)).minus(args.commission);
    this.commissions = this.commissions.plus(args.commission);
    let pos = this.positions.get(args.symbol);
    if (!pos) {
      pos = { symbol: args.symbol, conId: args.conId, secType: args.secType, primaryExchange: args.primaryExchange, quantity: new Big(0), avgCost: new Big(0), realizedPnl: new Big(0) };
      this.positions.set(args.symbol, pos);
    }
    const q = pos.quantity;
    const perShareCommission = args.commission.div(args.shares);
    if (q.eq(0) || q.gt(0) === signed.gt(0)) {
      // Opening or adding: new average cost includes this fill's commission.
      const cost = q.abs().times(pos.avgCost).plus(args.shares.times(args.price)).plus(signed.gt(0) ? args.commission : args.commission.neg());
      pos.quantity = q.plus(signed);
      pos.avgCost = cost.div(pos.quantity.abs());
      return undefined;
    }
    // Closing (and possibly reversing).
    const closing = args.shares.lt(q.abs()) ? args.shares : q.abs();
    const direction = q.gt(0) ? 1 : -1;
    const pnl = args.price.minus(pos.avgCost).times(closing).times(direction).minus(perShareCommission.times(closing));
    pos.realizedPnl = pos.realizedPnl.plus(pnl);
    pos.quantity = q.plus(signed);
    if (pos.quantity.eq(0)) {
      pos.avgCost = new Big(0);
    } else if (pos.quantity.gt(0) !== q.gt(0)) {
      // Reversed: the remainder opens at this price plus its share of the commission.
      const rest = args.shares.minus(closing);
      const restCommission = perShareCommission.times(rest);
      pos.avgCost = args.price.plus(pos.quantity.gt(0) ? restCommission.div(rest) : restCommission.div(rest).neg());
    }
    return pnl;
  }

  /** Sum of position values at the given prices (missing price: average cost). */
  marketValue(priceOf: (symbol: string) => number | undefined): Big {
    let total = new Big(0);
    for (const p of this.positions.values()) {
      const px = priceOf(p.symbol);
      total = total.plus(p.quantity.times(px === undefined ? p.avgCost : new Big(px)));
    }
    return total;
  }
}
