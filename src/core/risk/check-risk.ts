import type { OrderRequest } from "../order.ts";
import type { RiskContext } from "./context.ts";
import { ACCEPTED, isRefusal, type Refusal, type RiskDecision } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** Runs the rules in order; the first refusal wins. */
export function checkRisk(rules: readonly RiskRule[], request: OrderRequest, ctx: RiskContext): RiskDecision {
  for (const rule of rules) {
    const decision = rule.check(request, ctx);
    if (isRefusal(decision)) return decision;
  }
  return ACCEPTED;
}

/** Runs every rule and lists every refusal (empty when the order may go out), for reports. */
export function checkRiskAll(rules: readonly RiskRule[], request: OrderRequest, ctx: RiskContext): Refusal[] {
  return rules.map((r) => r.check(request, ctx)).filter(isRefusal);
}
