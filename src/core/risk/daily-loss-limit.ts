import { money, toNumber, type Money } from "../money.ts";
import { isReducing, showMoney, surelyAbove, type RiskContext } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** True once today's P&L is at or below -limit: the runner then switches the kill switch on. */
export function dailyLossBreached(ctx: Pick<RiskContext, "dailyPnl">, limit: Money): boolean {
  return ctx.dailyPnl.lte(limit.times(-1));
}

/**
 * Refuses every order that would add risk once the day's loss reaches `limit` (USD), and
 * marks the refusal `trips: "kill-switch"`. Orders that only shrink a holding pass.
 */
export function dailyLossLimit(limit: number | Money): RiskRule {
  const max = money(limit);
  if (max.lt(0)) throw new RangeError(`daily-loss-limit: limit must be >= 0, got ${max}`);
  const floor = max.times(-1);
  const floorNumber = toNumber(floor);
  return {
    name: "daily-loss-limit",
    check(request, ctx) {
      // Surely above the floor in float64 (the local books): not reached, without the money.
      const pnl = ctx.dailyPnlNumber;
      if (pnl !== undefined && ctx.equityNumber !== undefined && surelyAbove(pnl, floorNumber, ctx.equityNumber)) return ACCEPTED;
      if (!ctx.dailyPnl.lte(floor) || isReducing(request, ctx)) return ACCEPTED;
      const loss = ctx.dailyPnl.times(-1);
      return refuse("daily-loss-limit", request, {
        limit: showMoney(max),
        actual: showMoney(loss),
        message: `today's loss ${showMoney(loss)} USD reached the daily loss limit ${showMoney(max)} USD; the kill switch goes on`,
        trips: "kill-switch",
      });
    },
  };
}
