import { avgCost20, bigDividesAtDefaults, level20, numberOf20, scaledOf, type ScaledDecimal } from "../core/decimal-level.ts";
import { numberOfUnits } from "../core/money-units.ts";
import { money, type Money } from "../core/money.ts";
import type { OrderRequest } from "../core/order.ts";
import { Portfolio } from "../core/portfolio.ts";
import type { ExitRules } from "./trading-setup.ts";

export type ExitReason = "stop-loss" | "take-profit" | "trailing-stop";

/** A protective exit that fired on a bar: the order that closes the position and why. */
export interface ExitSignal {
  readonly reason: ExitReason;
  readonly request: OrderRequest;
  /** The close that crossed the level. */
  readonly lastPrice: number;
  /** The level crossed, as a decimal string. */
  readonly trigger: string;
}

/** An exit's share of one holder: its strategy (undefined: the account's own, unattributed shares). */
export interface ExitPart {
  readonly strategy: string | undefined;
  readonly request: OrderRequest;
}

/**
 * Splits an exit among the strategies holding the position (several strategies in one
 * account), each closing its own shares under its name, in holder order; shares no strategy
 * holds go last, unattributed. Without holders: the whole exit, unattributed.
 */
export function exitParts(request: OrderRequest, holders: readonly { readonly strategy: string; readonly qty: number }[]): ExitPart[] {
  const sign = request.side === "sell" ? 1 : -1;
  const out: ExitPart[] = [];
  let left = request.qty;
  for (const h of holders) {
    const own = h.qty * sign;
    if (own <= 0 || left === 0) continue;
    const qty = Math.min(own, left);
    out.push({ strategy: h.strategy, request: { ...request, qty } });
    left -= qty;
  }
  if (left > 0) out.push({ strategy: undefined, request: { ...request, qty: left } });
  return out;
}

/** Per symbol slot: the levels of the position held, recomputed when a fill changes it. */
interface Levels {
  qty: number;
  /** Float64 levels (NaN: off). Long: exit at or below stop/trail, at or above take; short the other way. */
  stop: number;
  take: number;
  /** Best close since entry (highest for a long, lowest for a short); the trailing stop follows it. */
  best: number;
  trail: number;
  /** A fill touched this slot since the levels were computed. */
  stale: boolean;
}

/**
 * Stop loss, take profit and trailing stop for every open position, decided on each bar's
 * close. Levels are computed exactly (big.js) from the average cost when a fill changes a
 * position, rounded once to float64, and compared with the close in float64, so the per-bar
 * path does no decimal arithmetic and allocates nothing until an exit fires. The trailing
 * stop follows the best close since entry (the average cost to start with).
 */
export class ExitWatch {
  readonly #rules: ExitRules;
  readonly #books: Portfolio;
  readonly #bookSlot: Int32Array;
  readonly #symbols: readonly string[];
  readonly #levels: Levels[];
  /** 100 + each signed percentage a level uses, made once (not at every fill). */
  readonly #factors = new Map<number, Money>();
  readonly #scaledFactors = new Map<number, ScaledDecimal>();
  /** Every percentage whole (0 when off): levels may then come from whole units (#reset). */
  readonly #wholePcts: boolean;

  constructor(o: { rules: ExitRules; books: Portfolio; symbols: readonly string[] }) {
    for (const [name, v] of Object.entries(o.rules)) {
      if (!Number.isFinite(v) || v < 0 || v >= 100) throw new RangeError(`protective exits: ${name} must be a percentage in [0, 100), got ${v}`);
    }
    this.#rules = o.rules;
    this.#wholePcts = Object.values(o.rules).every((v) => Number.isInteger(v));
    this.#books = o.books;
    this.#symbols = o.symbols;
    this.#bookSlot = Int32Array.from(o.symbols, (s) => o.books.slot(s));
    this.#levels = o.symbols.map(() => ({ qty: 0, stop: NaN, take: NaN, best: NaN, trail: NaN, stale: true }));
  }

  /** A fill changed the position of `slot`: its levels are recomputed on its next bar. */
  touched(slot: number): void {
    this.#levels[slot]!.stale = true;
  }

  /**
   * The per-bar check of a held position (a private method: the app layer reaches its code here
   * to choose its JIT tier, app/backtest/top-tier.ts). Only its identity is used.
   */
  static heldCheck(): (...args: never[]) => unknown {
    const watch = new ExitWatch({ rules: { stopLossPct: 0, takeProfitPct: 0, trailingStopPct: 0 }, books: new Portfolio(money(0)), symbols: [] });
    return watch.#held;
  }

  /** The exit the close of `slot`'s bar triggers, if any. */
  check(slot: number, close: number): ExitSignal | undefined {
    const qty = this.#books.qtyAt(this.#bookSlot[slot]!);
    const lv = this.#levels[slot]!;
    if (qty === 0) {
      lv.qty = 0;
      return undefined;
    }
    return this.#held(slot, close, qty, lv);
  }

  /** check() of a slot with a position. */
  #held(slot: number, close: number, qty: number, lv: Levels): ExitSignal | undefined {
    if (lv.stale || lv.qty !== qty) this.#reset(slot, lv, qty);
    const long = qty > 0;
    const pct = this.#rules.trailingStopPct;
    if (pct > 0 && (long ? close > lv.best : close < lv.best)) {
      lv.best = close;
      lv.trail = close * (long ? 1 - pct / 100 : 1 + pct / 100);
    }
    // A level that is off (its pct 0) is NaN and never crossed: it is not read. Reading a NaN
    // field on every bar made the optimizing JIT exit and recompile this function thousands of
    // times (docs/performance.md, "JIT tiers").
    const rules = this.#rules;
    let reason: ExitReason;
    let trigger: number;
    if (rules.stopLossPct > 0 && (long ? close <= lv.stop : close >= lv.stop)) (reason = "stop-loss"), (trigger = lv.stop);
    else if (pct > 0 && (long ? close <= lv.trail : close >= lv.trail)) (reason = "trailing-stop"), (trigger = lv.trail);
    else if (rules.takeProfitPct > 0 && (long ? close >= lv.take : close <= lv.take)) (reason = "take-profit"), (trigger = lv.take);
    else return undefined;
    return {
      reason,
      request: { symbol: this.#symbols[slot]!, side: long ? "sell" : "buy", qty: Math.abs(qty), type: "market", tif: "day" },
      lastPrice: close,
      trigger: String(trigger),
    };
  }

  #factor(signedPct: number): Money {
    let factor = this.#factors.get(signedPct);
    if (factor === undefined) this.#factors.set(signedPct, (factor = money(100).plus(signedPct)));
    return factor;
  }

  /** #factor as a scaled decimal (decimal-level.ts). */
  #scaledFactor(signedPct: number): ScaledDecimal {
    let factor = this.#scaledFactors.get(signedPct);
    if (factor === undefined) this.#scaledFactors.set(signedPct, (factor = scaledOf(this.#factor(signedPct))));
    return factor;
  }

  /**
   * The levels of slot's position from its average cost, the same float64s by each of three ways
   * (decimal-level.ts): from the basis's whole units of 1e-8 USD when that is a whole number per
   * share and every percentage is whole, each level one division of two whole numbers below 2^53
   * (IEEE division rounds the exact quotient to the nearest float64, as big.js's toNumber does
   * with the exact decimal: cost x (100 -+ pct) / 100 has at most 10 decimals, so big.js's
   * divisions round nothing); else on bigints from the units; else with big.js.
   */
  #reset(slot: number, lv: Levels, qty: number): void {
    const units = this.#books.basisUnitsAt(this.#bookSlot[slot]!);
    if (this.#wholePcts && Number.isSafeInteger(qty) && units % qty === 0) {
      const cost = units / Math.abs(qty);
      // cost x (100 -+ pct) < cost x 200 for any pct in [0, 100).
      if (Number.isSafeInteger(cost * 200)) {
        return this.#setLevels(lv, qty, () => numberOfUnits(cost), (pct, up) => (pct > 0 ? (cost * (up ? 100 + pct : 100 - pct)) / 1e10 : NaN));
      }
    }
    if (Number.isNaN(units) || !Number.isSafeInteger(qty) || !bigDividesAtDefaults()) {
      const cost = this.#books.position(this.#symbols[slot]!)?.avgCost ?? money(0);
      return this.#setLevels(lv, qty, () => cost.toNumber(), (pct, up) => (pct > 0 ? cost.times(this.#factor(up ? pct : -pct)).div(100).toNumber() : NaN));
    }
    const cost = avgCost20(units, qty);
    this.#setLevels(lv, qty, () => numberOf20(cost), (pct, up) => (pct > 0 ? numberOf20(level20(cost, this.#scaledFactor(up ? pct : -pct))) : NaN));
  }

  /** Sets the levels of a position of `qty` from its average cost (`best`) and `level(pct, up)` (NaN when pct is 0: off). */
  #setLevels(lv: Levels, qty: number, best: () => number, level: (pct: number, up: boolean) => number): void {
    const rules = this.#rules;
    const long = qty > 0;
    // Opened (or turned) since the last bar: the trailing stop starts from the average cost.
    if (lv.qty === 0 || Math.sign(lv.qty) !== Math.sign(qty)) {
      lv.best = best();
      lv.trail = level(rules.trailingStopPct, !long);
    }
    lv.qty = qty;
    lv.stop = level(rules.stopLossPct, !long);
    lv.take = level(rules.takeProfitPct, long);
    lv.stale = false;
  }
}
