import { money, type Money } from "../core/money.ts";
import type { Side } from "../core/order.ts";

/** A price moved against the trader by `bps` basis points: buys pay more, sells get less. */
export function slipped(price: number, side: Side, bps: number): Money {
  const p = money(price);
  if (bps === 0) return p;
  const factor = money(bps).div(10_000);
  return side === "buy" ? p.times(money(1).plus(factor)) : p.times(money(1).minus(factor));
}
