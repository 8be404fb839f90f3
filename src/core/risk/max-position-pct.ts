import { isReducing, qtyAfter, referencePrice, surelyAtMost, valueOf } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** The holding after the order may be at most `pct` percent of account equity. Orders that only shrink a holding pass. */
export function maxPositionPct(pct: number): RiskRule {
  if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw new RangeError(`max-position-pct: pct must be 0..100, got ${pct}`);
  return {
    name: "max-position-pct",
    check(request, ctx) {
      if (isReducing(request, ctx)) return ACCEPTED;
      const price = referencePrice(request, ctx);
      if (price === undefined) {
        return refuse("max-position-pct", request, { limit: pct, actual: "unknown", message: `no price known for ${request.symbol}, so the position's share of equity is unknown` });
      }
      const after = qtyAfter(request, ctx);
      // Surely within the limit in float64 (the local books' equity, > 0): no money made.
      const equity = ctx.equityNumber;
      if (equity !== undefined && equity > 0 && surelyAtMost(after, price * 100, pct * equity)) return ACCEPTED;
      if (ctx.equity.lte(0)) {
        return refuse("max-position-pct", request, { limit: pct, actual: "unknown", message: `account equity is ${ctx.equity.toFixed(2)} USD, so no position fits` });
      }
      const value = valueOf(after, price);
      // value / equity <= pct / 100, compared exactly: value * 100 <= pct * equity.
      if (value.times(100).lte(ctx.equity.times(pct))) return ACCEPTED;
      const actual = Number(value.times(100).div(ctx.equity).round(2).toString());
      return refuse("max-position-pct", request, {
        limit: pct,
        actual,
        message: `${request.symbol} position would be ${actual}% of equity, limit ${pct}%`,
      });
    },
  };
}
