import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

const positivePrice = (p: number | undefined) => p !== undefined && Number.isFinite(p) && p > 0;

/** Whole positive shares; a limit order needs a positive limit price, a stop order a stop price. */
export function invalidOrder(): RiskRule {
  return {
    name: "invalid-order",
    check(request) {
      if (!Number.isInteger(request.qty) || request.qty <= 0) {
        return refuse("invalid-order", request, { limit: "whole shares > 0", actual: request.qty, message: `qty must be whole shares > 0, got ${request.qty}` });
      }
      if (request.type === "limit" && !positivePrice(request.limitPrice)) {
        return refuse("invalid-order", request, { limit: "limitPrice > 0", actual: String(request.limitPrice), message: `a limit order needs limitPrice > 0, got ${request.limitPrice}` });
      }
      if (request.type === "stop" && !positivePrice(request.stopPrice)) {
        return refuse("invalid-order", request, { limit: "stopPrice > 0", actual: String(request.stopPrice), message: `a stop order needs stopPrice > 0, got ${request.stopPrice}` });
      }
      return ACCEPTED;
    },
  };
}
