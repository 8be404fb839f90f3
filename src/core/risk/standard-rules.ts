import { circuitBreakerRule } from "./circuit-breaker-rule.ts";
import { dailyLossLimit } from "./daily-loss-limit.ts";
import { duplicateOrderWindow } from "./duplicate-order.ts";
import { invalidOrder } from "./invalid-order.ts";
import { killSwitch } from "./kill-switch.ts";
import { maxDailyTrades } from "./max-daily-trades.ts";
import { maxOpenPositions } from "./max-open-positions.ts";
import { maxOrderValue } from "./max-order-value.ts";
import { maxPositionPct } from "./max-position-pct.ts";
import { maxPositionValue } from "./max-position-value.ts";
import { maxCorrelatedExposure } from "./max-correlated-exposure.ts";
import type { RiskRule } from "./rule.ts";

/** The limits from config (`[risk]`), as plain numbers. An absent optional limit is not checked. */
export interface RiskLimits {
  readonly maxOpenPositions: number;
  /** USD. */
  readonly maxPositionValue: number;
  /** Percent of equity, 0..100. */
  readonly maxPositionPct?: number | undefined;
  /** USD. */
  readonly maxOrderValue?: number | undefined;
  readonly maxDailyTradesPerSymbol: number;
  readonly duplicateWindowMinutes?: number | undefined;
  /** USD loss for the day that trips the kill switch. */
  readonly dailyLossLimit: number;
  readonly killSwitchAllowsReducing?: boolean | undefined;
  /** Percent of equity a group of correlated symbols may hold together. */
  readonly maxCorrelatedExposurePct?: number | undefined;
  readonly correlationThreshold?: number | undefined;
}

/**
 * The rule list the runner and the backtest share, cheapest and most fundamental first:
 * a bad order, then the switches, then the loss limit, then the limits that need prices.
 */
export function standardRules(limits: RiskLimits): RiskRule[] {
  const rules: RiskRule[] = [
    invalidOrder(),
    killSwitch({ allowReducing: limits.killSwitchAllowsReducing ?? false }),
    circuitBreakerRule(),
    dailyLossLimit(limits.dailyLossLimit),
  ];
  if (limits.duplicateWindowMinutes !== undefined) rules.push(duplicateOrderWindow(limits.duplicateWindowMinutes * 60_000));
  rules.push(maxDailyTrades(limits.maxDailyTradesPerSymbol), maxOpenPositions(limits.maxOpenPositions));
  if (limits.maxOrderValue !== undefined) rules.push(maxOrderValue(limits.maxOrderValue));
  rules.push(maxPositionValue(limits.maxPositionValue));
  if (limits.maxPositionPct !== undefined) rules.push(maxPositionPct(limits.maxPositionPct));
  if (limits.maxCorrelatedExposurePct !== undefined) {
    rules.push(maxCorrelatedExposure({ pct: limits.maxCorrelatedExposurePct, threshold: limits.correlationThreshold ?? 0.7 }));
  }
  return rules;
}
