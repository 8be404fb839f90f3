import type { Fill } from "./fill.ts";
import { ZERO } from "./money.ts";
import type { Position } from "./position.ts";

/**
 * The stored position after one fill, by the Portfolio's rules: average cost per share of
 * the open shares, commissions excluded; closing shares keep the average; a reversal opens
 * the remainder at the fill price. Quantity 0 means flat.
 */
export function positionAfterFill(before: Position | undefined, fill: Fill): Position {
  const qty = before?.qty ?? 0;
  const signed = fill.side === "buy" ? fill.qty : -fill.qty;
  const after = qty + signed;
  if (after === 0) return { symbol: fill.symbol, qty: 0, avgCost: ZERO };
  if (qty === 0 || Math.sign(qty) === Math.sign(signed)) {
    const basis = (before?.avgCost ?? ZERO).times(Math.abs(qty)).plus(fill.price.times(fill.qty));
    return { symbol: fill.symbol, qty: after, avgCost: basis.div(Math.abs(after)) };
  }
  if (Math.sign(after) === Math.sign(qty)) return { symbol: fill.symbol, qty: after, avgCost: before!.avgCost };
  return { symbol: fill.symbol, qty: after, avgCost: fill.price };
}
