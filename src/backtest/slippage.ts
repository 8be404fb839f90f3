import { mulUnits, unitsOfPrice } from "../core/money-units.ts";
import { money, type Money } from "../core/money.ts";
import type { Side } from "../core/order.ts";

/** A price moved against the trader by `bps` basis points: buys pay more, sells get less. */
export function slipped(price: number, side: Side, bps: number): Money {
  const p = money(price);
  if (bps === 0) return p;
  const factor = money(bps).div(10_000);
  return side === "buy" ? p.times(money(1).plus(factor)) : p.times(money(1).minus(factor));
}

/**
 * `slipped` in whole units of 1e-8 USD (core/money-units.ts): NaN when the price or the
 * result is finer than that, or `bps` is not whole (the caller then uses `slipped`).
 */
export function slippedUnits(price: number, side: Side, bps: number): number {
  const units = unitsOfPrice(price);
  if (bps === 0) return units;
  if (!Number.isInteger(bps)) return NaN;
  const scaled = mulUnits(units, side === "buy" ? 10_000 + bps : 10_000 - bps);
  return scaled % 10_000 === 0 ? scaled / 10_000 : NaN;
}
