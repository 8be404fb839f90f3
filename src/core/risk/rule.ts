import type { OrderRequest } from "../order.ts";
import type { RiskContext } from "./context.ts";
import type { RiskDecision, RuleName } from "./decision.ts";

/** One risk rule: a name and a pure check. Factories (maxOrderValue(5000)) build them. */
export interface RiskRule {
  readonly name: RuleName;
  check(request: OrderRequest, ctx: RiskContext): RiskDecision;
}
