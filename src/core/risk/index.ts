export { checkRisk, checkRiskAll } from "./check-risk.ts";
export {
  CLOSED_CIRCUIT,
  checkCircuitOptions,
  circuitAllows,
  circuitAt,
  recordFailure,
  recordSuccess,
  type CircuitBreakerOptions,
  type CircuitBreakerState,
  type CircuitStatus,
} from "./circuit-breaker.ts";
export { circuitBreakerRule } from "./circuit-breaker-rule.ts";
export { isReducing, projectedQty, type PriceLookup, type RecentOrder, type RiskContext, type WorkingOrder } from "./context.ts";
export { dailyLossBreached, dailyLossLimit } from "./daily-loss-limit.ts";
export { ACCEPTED, isRefusal, RULE_NAMES, type Accepted, type Refusal, type RiskDecision, type RuleName } from "./decision.ts";
export { duplicateOrderWindow } from "./duplicate-order.ts";
export { invalidOrder } from "./invalid-order.ts";
export { killSwitch, type KillSwitchOptions } from "./kill-switch.ts";
export { maxDailyTrades } from "./max-daily-trades.ts";
export { maxOpenPositions } from "./max-open-positions.ts";
export { maxOrderValue } from "./max-order-value.ts";
export { maxPositionPct } from "./max-position-pct.ts";
export { maxPositionValue } from "./max-position-value.ts";
export type { RiskRule } from "./rule.ts";
export { standardRules, type RiskLimits } from "./standard-rules.ts";
