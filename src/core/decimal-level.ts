import Big from "big.js";
import type { Money } from "./money.ts";

/**
 * big.js's `basis.div(|qty|).times(factor).div(100)` and its `toNumber`, computed on bigints
 * from the basis's whole units of 1e-8 USD (money-units.ts): the same decimal, rounded the same
 * way (half-up to 20 decimal places at each division, big.js's defaults), the same float64.
 * A protective exit's levels are computed at every fill that changes a position; through
 * big.js that was ~3k divisions and ~2k products a 1M-bar run, enough to make the JIT compile
 * big.js's `div` twice (docs/performance.md, engineer dfg), for a few thousand calls.
 */

/** Decimal places big.js rounds a division to (its DP), half-up (its RM 1). */
const DP = 20;
const UNIT_DECIMALS = 8;
const TO_DP = 10n ** BigInt(DP - UNIT_DECIMALS);

/** A decimal: `n / 10^scale`. */
export interface ScaledDecimal {
  readonly n: bigint;
  readonly scale: number;
}

/** True when big.js divides as this file assumes (its defaults). */
export function bigDividesAtDefaults(): boolean {
  return Big.DP === DP && Big.RM === 1;
}

/** The exact value of a big.js number as an integer over a power of ten. */
export function scaledOf(x: Money): ScaledDecimal {
  const digits = x.c.join("");
  const shift = x.e - (digits.length - 1);
  const magnitude = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : BigInt(digits);
  return { n: x.s < 0 ? -magnitude : magnitude, scale: shift >= 0 ? 0 : -shift };
}

/** a / b rounded half away from zero (b > 0). */
function divHalfUp(a: bigint, b: bigint): bigint {
  const m = a < 0n ? -a : a;
  const q = (2n * m + b) / (2n * b);
  return a < 0n ? -q : q;
}

/** Average cost in 1e-20 USD: big.js's `basis.div(Math.abs(qty))` for a basis of whole units; `qty` a safe integer, not 0. */
export function avgCost20(basisUnits: number, qty: number): bigint {
  return divHalfUp(BigInt(basisUnits) * TO_DP, BigInt(Math.abs(qty)));
}

/** A level in 1e-20 USD: big.js's `cost.times(factor).div(100)` for `cost` in 1e-20 USD. */
export function level20(cost20: bigint, factor: ScaledDecimal): bigint {
  return divHalfUp(cost20 * factor.n, 100n * 10n ** BigInt(factor.scale));
}

/** The decimal text of a value in 1e-20 USD (trailing zeros kept: the same number). */
function textOf20(v: bigint): string {
  if (v === 0n) return "0";
  const digits = (v < 0n ? -v : v).toString().padStart(DP + 1, "0");
  const text = `${digits.slice(0, -DP)}.${digits.slice(-DP)}`;
  return v < 0n ? `-${text}` : text;
}

/** The float64 of a value in 1e-20 USD: `Number(big.toString())` of the same decimal. */
export function numberOf20(v: bigint): number {
  return Number(textOf20(v));
}

/** The big.js value of a value in 1e-20 USD (big.js drops the trailing zeros: the same digits, exponent and sign as its division's result). */
export function moneyOf20(v: bigint): Money {
  return new Big(textOf20(v));
}
