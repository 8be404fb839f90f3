import { money, toCents, type Money } from "../money.ts";
import { mulUnits, unitsOfPrice } from "../money-units.ts";
import type { OrderRequest, Side } from "../order.ts";
import type { Position } from "../position.ts";
import type { CircuitStatus } from "./circuit-breaker.ts";

/** An order the broker is still working: its remaining, unfilled quantity. */
export interface WorkingOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
}

/** An order sent earlier, for the duplicate window. */
export interface RecentOrder {
  readonly symbol: string;
  readonly side: Side;
  /** When it was sent, UTC epoch ms. */
  readonly time: number;
}

/** A symbol's last price, undefined when none is known (a Map is one; the pipeline keeps them by slot). */
export interface PriceLookup {
  get(symbol: string): number | undefined;
}

/**
 * Everything a risk rule may look at, read-only and assembled by the runner (or the
 * backtest) before each order. Rules never read the clock: `now` is here.
 */
export interface RiskContext {
  readonly now: number;
  readonly positions: readonly Position[];
  readonly workingOrders: readonly WorkingOrder[];
  readonly equity: Money;
  readonly cash: Money;
  /** Last trade prices; a missing symbol means the price is unknown. */
  readonly prices: PriceLookup;
  /** Orders sent today (New York trading day) per symbol. */
  readonly tradesToday: ReadonlyMap<string, number>;
  readonly recentOrders: readonly RecentOrder[];
  /** Realized + unrealized P&L since the trading day began; negative is a loss. */
  readonly dailyPnl: Money;
  readonly killSwitch: { readonly on: boolean; readonly reason?: string };
  readonly circuit: { readonly status: CircuitStatus; readonly reason?: string };
  /** Rolling correlation of two symbols' returns; NaN or absent when unknown. */
  readonly correlation?: ((a: string, b: string) => number) | undefined;
  /**
   * `equity` and `dailyPnl` as float64, when the account is the local books (engine/local-risk-context.ts):
   * a rule may decide from them only when it is surely within its limit at a margin of 1e-9
   * relative (as surelyAtMost), and reads the money otherwise. Absent: only the money.
   */
  readonly equityNumber?: number;
  readonly dailyPnlNumber?: number;
}

const signed = (side: Side, qty: number) => (side === "buy" ? qty : -qty);

/** Position plus working orders for a symbol: what the holding will be if all fill. */
export function projectedQty(symbol: string, ctx: RiskContext): number {
  // A loop, not `find`: the shared builtin was optimized to the top tier for this alone (~20k orders).
  let qty = 0;
  const positions = ctx.positions;
  for (let i = 0; i < positions.length; i++) {
    if (positions[i]!.symbol === symbol) {
      qty = positions[i]!.qty;
      break;
    }
  }
  const working = ctx.workingOrders;
  for (let i = 0; i < working.length; i++) {
    const o = working[i]!;
    if (o.symbol === symbol) qty += signed(o.side, o.qty);
  }
  return qty;
}

/** Quantity after this order fills, on top of the projected holding. */
export function qtyAfter(request: OrderRequest, ctx: RiskContext): number {
  return projectedQty(request.symbol, ctx) + signed(request.side, request.qty);
}

/** True when the order only shrinks the holding toward flat (never through it). */
export function isReducing(request: OrderRequest, ctx: RiskContext): boolean {
  const before = projectedQty(request.symbol, ctx);
  const after = before + signed(request.side, request.qty);
  return before !== 0 && Math.sign(after) !== -Math.sign(before) && Math.abs(after) < Math.abs(before);
}

/** The price an order's value is judged at: its limit or stop, else the last price. */
export function referencePrice(request: OrderRequest, ctx: RiskContext): number | undefined {
  if (request.type === "limit" && request.limitPrice !== undefined) return request.limitPrice;
  if (request.type === "stop" && request.stopPrice !== undefined) return request.stopPrice;
  return ctx.prices.get(request.symbol);
}

/**
 * Whether |qty| x price is surely at most `max` (a float64 of the limit): the float product is
 * within a few ulps of the exact decimal one, so a margin of 1e-9 relative decides it without
 * big.js. False means "not sure": the caller compares exactly (valueOf).
 */
export function surelyAtMost(qty: number, price: number, max: number): boolean {
  return Math.abs(qty) * price <= max * (1 - 1e-9);
}

/**
 * Whether `value` (a float64 of an amount whose exact decimal is within a few ulps of it, such
 * as equity minus a baseline) is surely above `floor`: by more than 1e-9 of the amounts involved.
 */
export function surelyAbove(value: number, floor: number, scale: number): boolean {
  return value - floor > 1e-9 * (Math.abs(scale) + Math.abs(value) + Math.abs(floor));
}

/**
 * valueOf in whole units of 1e-8 USD (core/money-units.ts), exactly: NaN when the price has more
 * than 8 decimals, the quantity is not whole or the value passes 2^53. A value rule's verdict and
 * words from it are the money's (centsTextOfUnits is showMoney's text), without big.js: a run
 * whose orders exceed a limit refuses thousands.
 */
export function valueUnits(qty: number, price: number): number {
  return Number.isInteger(qty) ? mulUnits(unitsOfPrice(price), Math.abs(qty)) : NaN;
}

export function valueOf(qty: number, price: number): Money {
  return money(price).times(Math.abs(qty));
}

export function showMoney(value: Money): string {
  return toCents(value).toFixed(2);
}
