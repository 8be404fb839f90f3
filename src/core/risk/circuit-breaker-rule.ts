import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** While the circuit breaker is open (too many consecutive data or broker failures), no order goes out. */
export function circuitBreakerRule(): RiskRule {
  return {
    name: "circuit-breaker",
    check(request, ctx) {
      if (ctx.circuit.status !== "open") return ACCEPTED;
      const why = ctx.circuit.reason ? ` after: ${ctx.circuit.reason}` : "";
      return refuse("circuit-breaker", request, { limit: "closed", actual: "open", message: `the circuit breaker is open${why}` });
    },
  };
}
