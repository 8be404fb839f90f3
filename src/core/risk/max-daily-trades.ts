import { isReducing } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** At most `limit` orders per symbol per trading day; orders that only shrink a holding always pass. */
export function maxDailyTrades(limit: number): RiskRule {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`max-daily-trades: limit must be an integer >= 0, got ${limit}`);
  return {
    name: "max-daily-trades",
    check(request, ctx) {
      const today = ctx.tradesToday.get(request.symbol) ?? 0;
      if (today < limit || isReducing(request, ctx)) return ACCEPTED;
      return refuse("max-daily-trades", request, {
        limit,
        actual: today,
        message: `${today} ${request.symbol} orders already today, limit ${limit} per symbol per day`,
      });
    },
  };
}
