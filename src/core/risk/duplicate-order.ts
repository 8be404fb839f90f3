import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/**
 * Refuses an order for the same symbol and side as one sent less than `windowMs` ago
 * (an order exactly `windowMs` old no longer blocks). Applies to exits too: a second
 * stop-loss sell within the window is a duplicate.
 */
export function duplicateOrderWindow(windowMs: number): RiskRule {
  if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`duplicate-order: window must be >= 0 ms, got ${windowMs}`);
  return {
    name: "duplicate-order",
    check(request, ctx) {
      let latest: number | undefined;
      for (const o of ctx.recentOrders) {
        if (o.symbol !== request.symbol || o.side !== request.side) continue;
        if (ctx.now - o.time < windowMs && (latest === undefined || o.time > latest)) latest = o.time;
      }
      if (latest === undefined) return ACCEPTED;
      const ageMs = ctx.now - latest;
      return refuse("duplicate-order", request, {
        limit: windowMs,
        actual: ageMs,
        message: `a ${request.side} ${request.symbol} order went out ${Math.round(ageMs / 1000)} s ago, within the ${Math.round(windowMs / 60_000)} min duplicate window`,
      });
    },
  };
}
