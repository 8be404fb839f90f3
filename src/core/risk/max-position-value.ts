import { money, toNumber, type Money } from "../money.ts";
import { centsTextOfUnits, unitsOf } from "../money-units.ts";
import { isReducing, qtyAfter, referencePrice, showMoney, surelyAtMost, valueOf, valueUnits } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/**
 * The holding after the order (position + working orders + this one) may be worth at most
 * `limit` USD at the order's reference price. Orders that only shrink a holding pass.
 */
export function maxPositionValue(limit: number | Money): RiskRule {
  const max = money(limit);
  const maxNumber = toNumber(max);
  const maxUnits = unitsOf(max);
  const maxText = showMoney(max);
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
      // Exactly in units when the amounts fit (the same verdict and words as the money below).
      const units = valueUnits(after, price);
      if (units >= 0 && !Number.isNaN(maxUnits)) {
        if (units <= maxUnits) return ACCEPTED;
        const actual = centsTextOfUnits(units);
        return refuse("max-position-value", request, { limit: maxText, actual, message: `${request.symbol} position would be ${after} shares worth ${actual} USD, limit ${maxText} USD` });
      }
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
