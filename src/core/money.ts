import Big from "big.js";

/** Exact decimal money: cash, fill values, commissions, P&L. Never float64. */
export type Money = Big;

export const ZERO: Money = new Big(0);

/** From a price or amount. Numbers go through their shortest decimal form, so 0.1 stays 0.1. */
export function money(value: number | string | Big): Money {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`money: expected a finite number, got ${value}`);
  }
  return new Big(value);
}

/** Rounds half-up to whole cents (IB reports commissions and cash to the cent or finer). */
export function toCents(value: Money): Money {
  return value.round(2, Big.roundHalfUp);
}

/** For statistics and charts only, never for bookkeeping. */
export function toNumber(value: Money): number {
  return Number(value.toString());
}
