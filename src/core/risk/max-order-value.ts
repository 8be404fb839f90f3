import { money, toNumber, type Money } from "../money.ts";
import { centsTextOfUnits, unitsOf } from "../money-units.ts";
import { isReducing, referencePrice, showMoney, surelyAtMost, valueOf, valueUnits } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** One order may be worth at most `limit` USD at its reference price; orders that only shrink a holding pass. */
export function maxOrderValue(limit: number | Money): RiskRule {
  const max = money(limit);
  const maxNumber = toNumber(max);
  const maxUnits = unitsOf(max);
  const maxText = showMoney(max);
  return {
    name: "max-order-value",
    check(request, ctx) {
      if (isReducing(request, ctx)) return ACCEPTED;
      const price = referencePrice(request, ctx);
      if (price === undefined) {
        return refuse("max-order-value", request, { limit: showMoney(max), actual: "unknown", message: `no price known for ${request.symbol}, so the order's value is unknown` });
      }
      if (surelyAtMost(request.qty, price, maxNumber)) return ACCEPTED;
      // Exactly in units when the amounts fit (the same verdict and words as the money below).
      const units = valueUnits(request.qty, price);
      if (units >= 0 && !Number.isNaN(maxUnits)) {
        if (units <= maxUnits) return ACCEPTED;
        const actual = centsTextOfUnits(units);
        return refuse("max-order-value", request, { limit: maxText, actual, message: `order value ${actual} USD (${request.qty} x ${price}) exceeds the limit ${maxText} USD` });
      }
      const value = valueOf(request.qty, price);
      if (value.lte(max)) return ACCEPTED;
      return refuse("max-order-value", request, {
        limit: showMoney(max),
        actual: showMoney(value),
        message: `order value ${showMoney(value)} USD (${request.qty} x ${price}) exceeds the limit ${showMoney(max)} USD`,
      });
    },
  };
}
