import Big from "big.js";
import type { Money } from "./money.ts";

/**
 * Exact money for the fill hot path: a float64 holding a whole number of units of 1e-8 USD.
 * Whole numbers up to 2^53 - 1 are exact in float64, and so are sums and products of them
 * that stay within it (about USD 90 million). Every function here returns NaN instead of
 * an inexact result, and NaN propagates, so a caller checks once and falls back to big.js
 * when a value has more than 8 decimals or is too large. `Money` (big.js) stays the public
 * form; conversions are exact both ways.
 */
export const UNITS_PER_USD = 1e8;
const DECIMALS = 8;
const MAX = Number.MAX_SAFE_INTEGER;
/** Up to this magnitude a double's rounding interval holds at most one multiple of 1e-8. */
const MAX_PRICE = 1e7;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const ZERO_BIG = new Big(0);

/** Units of `money(price)` (the float's shortest decimal form), or NaN when it has more than 8 decimals. */
export function unitsOfPrice(price: number): number {
  if (!(Math.abs(price) <= MAX_PRICE)) return NaN;
  const units = Math.round(price * UNITS_PER_USD);
  // Shortest decimal of price = units x 1e-8 exactly when units / 1e8 rounds back to price.
  return units / UNITS_PER_USD === price ? units + 0 : NaN;
}

/** Units of a big.js value, or NaN when it is finer than 1e-8 or too large. */
export function unitsOf(x: Money): number {
  const c = x.c;
  const n = c.length;
  const shift = x.e - (n - 1) + DECIMALS;
  if (n > 16 || shift < 0 || shift > 22) return NaN;
  let units = 0;
  for (let i = 0; i < n; i++) units = units * 10 + c[i]!;
  units *= POW10[shift]!;
  if (units > MAX) return NaN;
  return x.s < 0 ? 0 - units : units;
}

/** The big.js value of whole `units` (built from digits, no string parsing). */
export function bigOfUnits(units: number): Money {
  if (!Number.isSafeInteger(units)) throw new RangeError(`bigOfUnits: expected a whole number of units, got ${units}`);
  const big = new Big(ZERO_BIG);
  if (units === 0) return big;
  // Two int32 halves (base 1e8), so digits come from integer arithmetic, not float fmod.
  const a = Math.abs(units);
  let hi = Math.floor(a / 1e8);
  let lo = a - hi * 1e8;
  if (lo < 0) {
    hi--; // a / 1e8 rounded up to the next whole number
    lo += 1e8;
  }
  let h = hi | 0;
  let l = lo | 0;
  // Trailing zeros go into the exponent.
  let zeros = 0;
  if (l === 0) {
    zeros = 8;
    while (h % 10 === 0) {
      h = (h / 10) | 0;
      zeros++;
    }
  } else {
    while (l % 10 === 0) {
      l = (l / 10) | 0;
      zeros++;
    }
  }
  // All digits of h, then l's, padded to its 8 - zeros places when h is not 0.
  const lowCount = zeros >= 8 ? 0 : h === 0 ? digitCount(l) : 8 - zeros;
  const n = digitCount(h) + lowCount;
  const c = new Array<number>(n);
  let k = n;
  for (let j = 0; j < lowCount; j++) {
    c[--k] = l % 10;
    l = (l / 10) | 0;
  }
  while (k > 0) {
    c[--k] = h % 10;
    h = (h / 10) | 0;
  }
  big.c = c;
  big.e = n - 1 + zeros - DECIMALS;
  big.s = units < 0 ? -1 : 1;
  return big;
}

function digitCount(x: number): number {
  let n = 0;
  for (; x !== 0; x = (x / 10) | 0) n++;
  return n;
}

/** a + b, or NaN past 2^53 - 1. */
export function addUnits(a: number, b: number): number {
  const r = a + b;
  return r <= MAX && r >= -MAX ? r : NaN;
}

/** units x a whole quantity, or NaN past 2^53 - 1. */
export function mulUnits(units: number, qty: number): number {
  const r = units * qty;
  return r <= MAX && r >= -MAX ? r : NaN;
}

/** The float64 nearest the amount: the same number as `toNumber(bigOfUnits(units))`. */
export function numberOfUnits(units: number): number {
  return units / UNITS_PER_USD;
}

/**
 * An exact amount as a value: whole units of 1e-8 USD (a number) while it fits, big.js
 * otherwise. For bookkeeping that keeps many small amounts (a trade's legs) without an
 * object per amount.
 */
export type ExactMoney = number | Money;

export function exactOf(x: Money): ExactMoney {
  const units = unitsOf(x);
  return Number.isNaN(units) ? x : units;
}

export function moneyOf(x: ExactMoney): Money {
  return typeof x === "number" ? bigOfUnits(x) : x;
}

export function plusExact(a: ExactMoney, b: ExactMoney): ExactMoney {
  if (typeof a === "number" && typeof b === "number") {
    const r = addUnits(a, b);
    if (!Number.isNaN(r)) return r;
  }
  return exactOf(moneyOf(a).plus(moneyOf(b)));
}

export function minusExact(a: ExactMoney, b: ExactMoney): ExactMoney {
  return plusExact(a, typeof b === "number" ? 0 - b : b.neg());
}

/** a x qty / of (a share of an amount): exact when whole units, else big.js division as before. */
export function shareExact(a: ExactMoney, qty: number, of: number): ExactMoney {
  if (typeof a === "number") {
    const scaled = mulUnits(a, qty);
    if (scaled % of === 0) return scaled / of + 0;
  }
  return exactOf(moneyOf(a).times(qty).div(of));
}

/**
 * bigOfUnits with recent values remembered: fills repeat prices and commissions (a flat USD 1
 * commission, prices on a cent grid), and a cache hit costs a map lookup instead of building
 * digits. big.js values are never changed in place, so one value may be shared. At most
 * `limit` entries; the cache starts over when full.
 */
export class BigOfUnitsCache {
  readonly #map = new Map<number, Money>();
  readonly #limit: number;

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  get(units: number): Money {
    let big = this.#map.get(units);
    if (big === undefined) {
      if (this.#map.size >= this.#limit) this.#map.clear();
      big = bigOfUnits(units);
      this.#map.set(units, big);
    }
    return big;
  }
}

/**
 * toNumber(toCents(bigOfUnits(units))) without big.js: whole cents, half away from zero (big.js
 * roundHalfUp), as the nearest float64 (integer cents / 100 is the same number as parsing them).
 */
export function centsNumberOfUnits(units: number): number {
  if (!Number.isSafeInteger(units)) throw new RangeError(`centsNumberOfUnits: expected a whole number of units, got ${units}`);
  const a = Math.abs(units);
  const rest = a % 1_000_000;
  const cents = (a - rest) / 1_000_000 + (rest >= 500_000 ? 1 : 0);
  return (units < 0 ? -cents : cents) / 100;
}

/**
 * `toCents(bigOfUnits(units)).toFixed(2)` of an amount of at least 0, without big.js: whole cents,
 * half up (big.js roundHalfUp), then two decimals ("12.30").
 */
export function centsTextOfUnits(units: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`centsTextOfUnits: expected a whole number of units >= 0, got ${units}`);
  const rest = units % 1_000_000;
  const cents = (units - rest) / 1_000_000 + (rest >= 500_000 ? 1 : 0);
  const c = cents % 100;
  return `${(cents - c) / 100}.${c < 10 ? "0" : ""}${c}`;
}
