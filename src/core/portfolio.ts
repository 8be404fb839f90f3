import { avgCost20, bigDividesAtDefaults, moneyOf20 } from "./decimal-level.ts";
import { ExactAmount } from "./exact-amount.ts";
import type { Fill } from "./fill.ts";
import { addUnits, bigOfUnits, mulUnits, unitsOf, type ExactMoney } from "./money-units.ts";
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
  /** price x qty of the fill. */
  readonly value: Money;
  /** P&L realized by the part of the fill that reduced a position (before commission). */
  readonly realized: Money;
  readonly qtyBefore: number;
  readonly qtyAfter: number;
  /** `value` and `realized` as whole units when booked in units (money-units.ts), for consumers that skip big.js. */
  readonly exactValue?: ExactMoney;
  readonly exactRealized?: ExactMoney;
}

/** A fill booked in units: the big.js amounts are made only if someone reads them. */
class UnitsEffect implements FillEffect {
  readonly exactValue: number;
  readonly exactRealized: number;
  readonly qtyBefore: number;
  readonly qtyAfter: number;
  #value: Money | undefined;

  constructor(value: number, realized: number, qtyBefore: number, qtyAfter: number) {
    this.exactValue = value;
    this.exactRealized = realized;
    this.qtyBefore = qtyBefore;
    this.qtyAfter = qtyAfter;
  }

  get value(): Money {
    return this.#value ?? (this.#value = bigOfUnits(this.exactValue));
  }

  get realized(): Money {
    return this.exactRealized === 0 ? ZERO : bigOfUnits(this.exactRealized);
  }
}

/**
 * Cash and positions for many symbols. Exact bookkeeping happens only on fills: in whole
 * units of 1e-8 USD while every amount fits (money-units.ts), in big.js otherwise, with the
 * same results; marking prices and reading equity per bar is float64 and allocation-free.
 * Symbols get a slot (0, 1, ...) so the per-bar path indexes arrays instead of hashing strings.
 */
export class Portfolio implements PortfolioView {
  readonly #cash: ExactAmount;
  /**
   * float64 mirror of cash for equity(), set at each fill: equity() (every time step) then has no
   * rarely taken branch, whose late first use made the optimizing JIT recompile it (docs/performance.md).
   */
  #cashNumber: number;
  readonly #realized = new ExactAmount(ZERO);
  readonly #commissions = new ExactAmount(ZERO);
  readonly #slots = new Map<string, number>();
  readonly #symbols: string[] = [];
  /**
   * Signed shares by slot, in a typed array (grown as symbols come): a plain array changed its
   * element kind when a fill stored a double-typed count, and every reader's optimized code exited
   * and was compiled again (docs/performance.md, "JIT tiers").
   */
  #qty = new Float64Array(4);
  /** Cost basis of the open shares (sum of entry value, commissions excluded); avg = basis / |qty|. */
  readonly #basis: ExactAmount[] = [];
  readonly #last: number[] = [];
  /**
   * Slots with a non-zero position (the first #openCount, in opening order), so equity sums only
   * those. Typed, as #qty: a plain array changed its element kind at the first position opened.
   */
  #open = new Int32Array(4);
  #openCount = 0;
  /** Each slot's Position, made when first asked after its last fill (the risk gate asks at every order). */
  readonly #positionMemo: (Position | undefined)[] = [];

  constructor(cash: Money) {
    if (cash.lt(0)) throw new RangeError(`Portfolio: starting cash must be >= 0, got ${cash.toString()}`);
    this.#cash = new ExactAmount(cash);
    this.#cashNumber = toNumber(cash);
  }

  /** The slot of `symbol`, registering it on first use. */
  slot(symbol: string): number {
    let slot = this.#slots.get(symbol);
    if (slot === undefined) {
      slot = this.#symbols.length;
      this.#slots.set(symbol, slot);
      this.#symbols.push(symbol);
      if (slot === this.#qty.length) {
        const grown = new Float64Array(2 * slot);
        grown.set(this.#qty);
        this.#qty = grown;
      }
      this.#basis.push(new ExactAmount(ZERO));
      this.#last.push(NaN);
      this.#positionMemo.push(undefined);
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
    return this.#cash.value;
  }

  /** Cash in whole units of 1e-8 USD (money-units.ts), or NaN when it does not fit. */
  get cashUnits(): number {
    return this.#cash.units;
  }

  get realized(): Money {
    return this.#realized.value;
  }

  get commissions(): Money {
    return this.#commissions.value;
  }

  equity(): number {
    // Flat (most steps of a backtest): the cash. The positions' sum apart, so the per-step call inlines.
    return this.#openCount === 0 ? this.#cashNumber : this.#equityHeld();
  }

  #equityHeld(): number {
    let value = this.#cashNumber;
    const open = this.#open;
    const qty = this.#qty;
    const last = this.#last;
    const n = this.#openCount;
    for (let i = 0; i < n; i++) {
      const slot = open[i]!;
      value += qty[slot]! * last[slot]!;
    }
    return value;
  }

  /** Unrealized P&L at last prices, exact from the float closes' decimal form. */
  unrealized(): Money {
    let total = ZERO;
    for (const slot of this.#openSlots()) {
      const last = this.#last[slot]!;
      if (!Number.isFinite(last)) continue;
      total = total.plus(money(last).times(this.#qty[slot]!).minus(this.#signedBasis(slot)));
    }
    return total;
  }

  /** Symbols with a non-zero position. */
  get openPositions(): number {
    return this.#openCount;
  }

  /** The open slots, in opening order. */
  #openSlots(): number[] {
    const out = new Array<number>(this.#openCount);
    for (let i = 0; i < out.length; i++) out[i] = this.#open[i]!;
    return out;
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
    return this.#position(slot);
  }

  positions(): Position[] {
    // Per order (the risk rules read them): one array, no view of the typed array.
    const out = new Array<Position>(this.#openCount);
    for (let i = 0; i < out.length; i++) out[i] = this.#position(this.#open[i]!);
    return out;
  }

  /** The cost basis of slot's open shares in whole units of 1e-8 USD (avg cost = basis / |qty|), or NaN when held only as big.js. */
  basisUnitsAt(slot: number): number {
    return this.#basis[slot]!.units;
  }

  #position(slot: number): Position {
    const memo = this.#positionMemo[slot];
    if (memo !== undefined) return memo;
    const qty = this.#qty[slot]!;
    return (this.#positionMemo[slot] = Object.freeze({ symbol: this.#symbols[slot]!, qty, avgCost: this.#avgCost(slot, qty) }));
  }

  /** basis / |qty| (big.js's division), on bigints when the basis is held in units (decimal-level.ts: ~1k divisions a 1M-bar run were enough to make the JIT compile big.js's `div`). */
  #avgCost(slot: number, qty: number): Money {
    const units = this.#basis[slot]!.units;
    const held = Math.abs(qty);
    // A whole number of units (a position entered at one price: nearly always): no division at all.
    if (Number.isSafeInteger(qty) && units % held === 0) return bigOfUnits(units / held);
    if (Number.isNaN(units) || !Number.isSafeInteger(qty) || !bigDividesAtDefaults()) return this.#basis[slot]!.value.div(held);
    return moneyOf20(avgCost20(units, qty));
  }

  /** Basis with the position's sign: what the shares cost (long) or brought in (short). */
  #signedBasis(slot: number): Money {
    const basis = this.#basis[slot]!.value;
    return this.#qty[slot]! < 0 ? basis.neg() : basis;
  }

  /**
   * Books a fill: exact cash, basis and realized P&L. Division happens only when a fill
   * closes part of a position (basis of the closed shares).
   */
  applyFill(fill: Fill, value?: Money): FillEffect {
    const slot = this.slot(fill.symbol);
    const before = this.#qty[slot]!;
    const after = before + (fill.side === "buy" ? fill.qty : -fill.qty);
    const effect = this.#bookUnits(slot, fill, value, before, after) ?? this.#bookBig(slot, fill, value ?? fill.price.times(fill.qty), before, after);
    this.#cashNumber = this.#cash.number;
    this.#positionMemo[slot] = undefined;
    this.#qty[slot] = after;
    if (!Number.isFinite(this.#last[slot]!)) this.#last[slot] = toNumber(fill.price);
    if (before === 0 && after !== 0) this.#opened(slot);
    else if (before !== 0 && after === 0) this.#closed(slot);
    return effect;
  }

  #opened(slot: number): void {
    if (this.#openCount === this.#open.length) {
      const grown = new Int32Array(2 * this.#open.length);
      grown.set(this.#open);
      this.#open = grown;
    }
    this.#open[this.#openCount++] = slot;
  }

  /** Removes `slot` from the open ones, the rest keeping their order. */
  #closed(slot: number): void {
    const open = this.#open;
    const i = open.subarray(0, this.#openCount).indexOf(slot);
    open.copyWithin(i, i + 1, this.#openCount);
    this.#openCount--;
  }

  /**
   * The common case in whole units of 1e-8 USD; undefined (and nothing changed) when some
   * amount does not fit or a partial close's basis share is not a whole number of units.
   */
  #bookUnits(slot: number, fill: Fill, value: Money | undefined, before: number, after: number): FillEffect | undefined {
    const price = unitsOf(fill.price);
    const commission = unitsOf(fill.commission);
    const filled = value === undefined ? mulUnits(price, fill.qty) : unitsOf(value);
    const buy = fill.side === "buy";
    const cash = addUnits(this.#cash.units, buy ? -addUnits(filled, commission) : addUnits(filled, -commission));
    const commissions = addUnits(this.#commissions.units, commission);
    const basis = this.#basis[slot]!.units;
    let nextBasis: number;
    let realized = 0;
    if (before === 0) nextBasis = filled;
    else if (before > 0 === buy) nextBasis = addUnits(basis, filled);
    else {
      const held = Math.abs(before);
      const closed = Math.min(held, fill.qty);
      const closedValue = closed === fill.qty ? filled : mulUnits(price, closed);
      const scaled = mulUnits(basis, closed);
      const closedBasis = closed === held ? basis : scaled % held === 0 ? scaled / held : NaN;
      realized = before > 0 ? addUnits(closedValue, -closedBasis) : addUnits(closedBasis, -closedValue);
      nextBasis = closed < held ? addUnits(basis, -closedBasis) : after === 0 ? 0 : mulUnits(price, Math.abs(after));
    }
    const realizedTotal = realized === 0 ? 0 : addUnits(this.#realized.units, realized);
    // NaN anywhere above (an input that did not fit, or a result past 2^53) ends up in one of these.
    if (Number.isNaN(cash + commissions + nextBasis + realizedTotal)) return undefined;
    this.#cash.setUnits(cash);
    this.#commissions.setUnits(commissions);
    this.#basis[slot]!.setUnits(nextBasis);
    if (realized !== 0) this.#realized.setUnits(realizedTotal);
    return new UnitsEffect(filled, realized, before, after);
  }

  /** The same booking in big.js, for amounts that do not fit in units. */
  #bookBig(slot: number, fill: Fill, value: Money, before: number, after: number): FillEffect {
    const signed = after - before;
    const cash = this.#cash.value;
    this.#cash.set(fill.side === "buy" ? cash.minus(value.plus(fill.commission)) : cash.plus(value.minus(fill.commission)));
    this.#commissions.set(this.#commissions.value.plus(fill.commission));
    let realized = ZERO;
    const basis = this.#basis[slot]!.value;
    if (before === 0) {
      this.#basis[slot]!.set(value);
    } else if (Math.sign(before) === Math.sign(signed)) {
      this.#basis[slot]!.set(basis.plus(value));
    } else {
      const held = Math.abs(before);
      const closed = Math.min(held, fill.qty);
      // Long: sold for value, cost basis. Short: sold for basis, bought back for value.
      const closedValue = closed === fill.qty ? value : fill.price.times(closed);
      const closedBasis = closed === held ? basis : basis.times(closed).div(held);
      realized = before > 0 ? closedValue.minus(closedBasis) : closedBasis.minus(closedValue);
      this.#realized.set(this.#realized.value.plus(realized));
      if (closed < held) this.#basis[slot]!.set(basis.minus(closedBasis));
      else this.#basis[slot]!.set(after === 0 ? ZERO : fill.price.times(Math.abs(after)));
    }
    return { value, realized, qtyBefore: before, qtyAfter: after };
  }
}
