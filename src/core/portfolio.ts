import type { Fill } from "./fill.ts";
import { money, toNumber, ZERO, type Money } from "./money.ts";
import type { Position } from "./position.ts";

/** What strategies and risk checks may read; they never change the books. */
export interface PortfolioView {
  readonly cash: Money;
  /** Cash plus positions at their last price (float64, for sizing and statistics). */
  equity(): number;
  /** Signed shares held in `symbol` (0 when flat). */
  qty(symbol: string): number;
  position(symbol: string): Position | undefined;
  positions(): Position[];
  /** Sum of realized P&L, before commissions. */
  readonly realized: Money;
  readonly commissions: Money;
}

/** What a fill did to the books. */
export interface FillEffect {
  /** P&L realized by the part of the fill that reduced a position (before commission). */
  readonly realized: Money;
  readonly qtyBefore: number;
  readonly qtyAfter: number;
}

/**
 * Cash and positions for many symbols. Exact bookkeeping (big.js) happens only on fills;
 * marking prices and reading equity per bar is float64 and allocation-free. Symbols get a
 * slot (0, 1, ...) so the per-bar path indexes arrays instead of hashing strings.
 */
export class Portfolio implements PortfolioView {
  #cash: Money;
  #cashNumber: number;
  #realized: Money = ZERO;
  #commissions: Money = ZERO;
  readonly #slots = new Map<string, number>();
  readonly #symbols: string[] = [];
  readonly #qty: number[] = [];
  readonly #avgCost: Money[] = [];
  readonly #last: number[] = [];
  /** Slots with a non-zero position, so equity sums only those. */
  readonly #open: number[] = [];

  constructor(cash: Money) {
    if (cash.lt(0)) throw new RangeError(`Portfolio: starting cash must be >= 0, got ${cash.toString()}`);
    this.#cash = cash;
    this.#cashNumber = toNumber(cash);
  }

  /** The slot of `symbol`, registering it on first use. */
  slot(symbol: string): number {
    let slot = this.#slots.get(symbol);
    if (slot === undefined) {
      slot = this.#symbols.length;
      this.#slots.set(symbol, slot);
      this.#symbols.push(symbol);
      this.#qty.push(0);
      this.#avgCost.push(ZERO);
      this.#last.push(NaN);
    }
    return slot;
  }

  /** Records the latest price of a slot (the bar's close). */
  mark(slot: number, price: number): void {
    this.#last[slot] = price;
  }

  lastPrice(symbol: string): number {
    const slot = this.#slots.get(symbol);
    return slot === undefined ? NaN : this.#last[slot]!;
  }

  get cash(): Money {
    return this.#cash;
  }

  get realized(): Money {
    return this.#realized;
  }

  get commissions(): Money {
    return this.#commissions;
  }

  equity(): number {
    let value = this.#cashNumber;
    const open = this.#open;
    for (let i = 0; i < open.length; i++) {
      const slot = open[i]!;
      value += this.#qty[slot]! * this.#last[slot]!;
    }
    return value;
  }

  /** Unrealized P&L at last prices, exact from the float closes' decimal form. */
  unrealized(): Money {
    let total = ZERO;
    for (const slot of this.#open) {
      const last = this.#last[slot]!;
      if (!Number.isFinite(last)) continue;
      total = total.plus(money(last).minus(this.#avgCost[slot]!).times(this.#qty[slot]!));
    }
    return total;
  }

  /** Symbols with a non-zero position. */
  get openPositions(): number {
    return this.#open.length;
  }

  qty(symbol: string): number {
    const slot = this.#slots.get(symbol);
    return slot === undefined ? 0 : this.#qty[slot]!;
  }

  qtyAt(slot: number): number {
    return this.#qty[slot]!;
  }

  position(symbol: string): Position | undefined {
    const slot = this.#slots.get(symbol);
    if (slot === undefined || this.#qty[slot] === 0) return undefined;
    return { symbol, qty: this.#qty[slot]!, avgCost: this.#avgCost[slot]! };
  }

  positions(): Position[] {
    return this.#open.map((slot) => ({ symbol: this.#symbols[slot]!, qty: this.#qty[slot]!, avgCost: this.#avgCost[slot]! }));
  }

  /**
   * Largest quantity <= `qty` whose cost (value plus commission) the cash covers; 0 when
   * none. Buys that would overdraw cash are reduced to this at the fill.
   */
  affordableBuyQty(qty: number, price: Money, commission: (qty: number) => Money): number {
    const cost = (q: number) => price.times(q).plus(commission(q));
    if (this.#cash.lte(0)) return 0;
    let q = Math.min(qty, Math.floor(toNumber(this.#cash.div(price))));
    while (q > 0 && cost(q).gt(this.#cash)) {
      const fit = Math.floor(toNumber(this.#cash.minus(commission(q)).div(price)));
      q = Math.min(q - 1, fit);
    }
    return Math.max(0, q);
  }

  applyFill(fill: Fill): FillEffect {
    const slot = this.slot(fill.symbol);
    const before = this.#qty[slot]!;
    const signed = fill.side === "buy" ? fill.qty : -fill.qty;
    const after = before + signed;
    const value = fill.price.times(fill.qty);
    this.#cash = fill.side === "buy" ? this.#cash.minus(value) : this.#cash.plus(value);
    this.#cash = this.#cash.minus(fill.commission);
    this.#cashNumber = toNumber(this.#cash);
    this.#commissions = this.#commissions.plus(fill.commission);

    let realized = ZERO;
    const avg = this.#avgCost[slot]!;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      // Opening or adding: weighted average cost.
      this.#avgCost[slot] = avg.times(Math.abs(before)).plus(value).div(Math.abs(after));
    } else {
      const closed = Math.min(Math.abs(before), fill.qty);
      realized = fill.price.minus(avg).times(closed).times(Math.sign(before));
      if (after === 0) this.#avgCost[slot] = ZERO;
      else if (Math.sign(after) !== Math.sign(before)) this.#avgCost[slot] = fill.price;
    }
    this.#realized = this.#realized.plus(realized);
    this.#qty[slot] = after;
    if (!Number.isFinite(this.#last[slot]!)) this.#last[slot] = toNumber(fill.price);
    if (before === 0 && after !== 0) this.#open.push(slot);
    else if (before !== 0 && after === 0) this.#open.splice(this.#open.indexOf(slot), 1);
    return { realized, qtyBefore: before, qtyAfter: after };
  }
}
