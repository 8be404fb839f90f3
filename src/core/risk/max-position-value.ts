import { money, toNumber, type Money } from "../money.ts";
import { isReducing, qtyAfter, referencePrice, showMoney, surelyAtMost, valueOf } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/**
 * The holding after the order (position + working orders + this one) may be worth at most
 * `limit` USD at the order's reference price. Orders that only shrink a holding pass.
 */
export function maxPositionValue(limit: number | Money): RiskRule {
  const max = money(limit);
  const maxNumber = toNumber(max);
  return {
    name: "max-position-value",
    check(request, ctx) {
      if (isReducing(request, ctx)) return ACCEPTED;
      const price = referencePrice(request, ctx);
      if (price === undefined) {
        return refuse("max-position-value", request, { limit: showMoney(max), actual: "unknown", message: `no price known for ${request.symbol}, so the position's value is unknown` });
      }
      const after = qtyAfter(request, ctx);
      if (surelyAtMost(after, price, maxNumber)) return ACCEPTED;
      const value = valueOf(after, price);
      if (value.lte(max)) return ACCEPTED;
      return refuse("max-position-value", request, {
        limit: showMoney(max),
        actual: showMoney(value),
        message: `${request.symbol} position would be ${after} shares worth ${showMoney(value)} USD, limit ${showMoney(max)} USD`,
      });
    },
  };
}
