import type { Fill } from "./fill.ts";
import { ZERO, type Money } from "./money.ts";
import type { Position } from "./position.ts";

/**
 * P&L a fill realizes against the position it meets, by the Portfolio's rules: only the
 * shares that reduce the position count, at (price - average cost) for a long and
 * (average cost - price) for a short; commissions excluded (they are reported apart).
 * A fill that only opens or adds realizes exactly 0 (known, not unknown); rounded to 1e-8.
 * `before` undefined means flat.
 */
export function realizedByFill(before: Position | undefined, fill: Fill): Money {
  const held = before?.qty ?? 0;
  const reduces = (held > 0 && fill.side === "sell") || (held < 0 && fill.side === "buy");
  if (!before || !reduces) return ZERO;
  const closed = Math.min(Math.abs(held), fill.qty);
  const perShare = held > 0 ? fill.price.minus(before.avgCost) : before.avgCost.minus(fill.price);
  return perShare.times(closed).round(8);
}
