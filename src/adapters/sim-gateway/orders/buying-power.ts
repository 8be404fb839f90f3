import Big from "big.js";
import type { SimWorld } from "../world.ts";

/**
 * IB's margin check (error 201): an order that would open or add to a position must fit in
 * the buying power, four times the net liquidation (Reg T intraday) less what is held.
 * Returns why it does not fit, or undefined.
 */
export function buyingPowerShortfall(w: SimWorld, o: { action: string; symbol: string; quantity: Big; lmtPrice: number | undefined; now: number }): string | undefined {
  const px = w.replay.priceAt(o.symbol, o.now) ?? o.lmtPrice;
  if (px === undefined) return undefined;
  const held = w.account.position(o.symbol)?.quantity ?? new Big(0);
  const signed = o.action === "BUY" ? o.quantity : o.quantity.neg();
  const opening = held.plus(signed).abs().minus(held.abs());
  if (opening.lte(0)) return undefined;
  const priceOf = (s: string) => w.replay.priceAt(s, o.now);
  const gross = [...w.account.positions.values()].reduce((sum, p) => sum.plus(p.quantity.abs().times(new Big(priceOf(p.symbol) ?? Number(p.avgCost)))), new Big(0));
  const buyingPower = w.account.cash.plus(w.account.marketValue(priceOf)).times(4).minus(gross);
  const needed = opening.times(new Big(Math.max(px, o.lmtPrice ?? 0)));
  if (needed.lte(buyingPower)) return undefined;
  return `insufficient buying power: ${opening.toString()} ${o.symbol} need ${needed.toFixed(2)} USD, available ${buyingPower.toFixed(2)} USD`;
}
