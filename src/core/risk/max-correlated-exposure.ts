import { money } from "../money.ts";
import { isReducing, projectedQty, qtyAfter, referencePrice, showMoney, valueOf } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

export interface CorrelatedExposureLimit {
  /** Percent of equity the correlated group may hold in total, 0..100. */
  readonly pct: number;
  /** Symbols whose rolling correlation with the order's symbol is above this join its group (default 0.7). */
  readonly threshold?: number;
}

/**
 * The order's symbol and every held (or ordered) symbol whose rolling correlation with it exceeds the
 * threshold form one group; the group's total value after the order (absolute, at last
 * prices) may be at most `pct` percent of equity. A correlation that is not known yet (the
 * window is filling, or the caller keeps none) puts no symbol in the group: the rule then
 * judges the symbol alone, like max-position-pct. Orders that only shrink a holding pass.
 */
export function maxCorrelatedExposure(limit: CorrelatedExposureLimit): RiskRule {
  const { pct } = limit;
  const threshold = limit.threshold ?? 0.7;
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw new RangeError(`max-correlated-exposure: pct must be 0..100, got ${pct}`);
  if (!(threshold > -1 && threshold < 1)) throw new RangeError(`max-correlated-exposure: threshold must be in (-1, 1), got ${threshold}`);
  return {
    name: "max-correlated-exposure",
    check(request, ctx) {
      if (isReducing(request, ctx)) return ACCEPTED;
      const price = referencePrice(request, ctx);
      if (price === undefined || ctx.equity.lte(0)) {
        return refuse("max-correlated-exposure", request, { limit: pct, actual: "unknown", message: `no price or equity known for ${request.symbol}, so its correlated group's share of equity is unknown` });
      }
      let total = valueOf(qtyAfter(request, ctx), price);
      const group: string[] = [];
      // Holdings and working orders alike: two entries sent in the same step count together.
      const others = new Set([...ctx.positions.map((p) => p.symbol), ...ctx.workingOrders.map((o) => o.symbol)]);
      others.delete(request.symbol);
      for (const symbol of others) {
        const qty = projectedQty(symbol, ctx);
        if (qty === 0) continue;
        const rho = ctx.correlation?.(request.symbol, symbol) ?? NaN;
        if (!(rho > threshold)) continue;
        const last = ctx.prices.get(symbol);
        if (last === undefined) {
          return refuse("max-correlated-exposure", request, { limit: pct, actual: "unknown", message: `${symbol} is correlated with ${request.symbol} (${rho.toFixed(2)}) but has no known price` });
        }
        group.push(symbol);
        total = total.plus(valueOf(qty, last));
      }
      if (total.times(100).lte(ctx.equity.times(pct))) return ACCEPTED;
      const actual = Number(total.times(100).div(ctx.equity).round(2).toString());
      const members = [request.symbol, ...group].join(", ");
      return refuse("max-correlated-exposure", request, {
        limit: pct,
        actual,
        message: `${members} (correlation above ${threshold}) would hold ${showMoney(total)} USD, ${actual}% of equity ${showMoney(money(ctx.equity))}, limit ${pct}%`,
      });
    },
  };
}
