import { projectedQty, qtyAfter } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** At most `limit` symbols held (counting working orders); only an order that opens a new holding is checked. */
export function maxOpenPositions(limit: number): RiskRule {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`max-open-positions: limit must be an integer >= 0, got ${limit}`);
  return {
    name: "max-open-positions",
    check(request, ctx) {
      if (projectedQty(request.symbol, ctx) !== 0 || qtyAfter(request, ctx) === 0) return ACCEPTED;
      const symbols = new Set([...ctx.positions.map((p) => p.symbol), ...ctx.workingOrders.map((o) => o.symbol)]);
      let open = 0;
      for (const s of symbols) if (projectedQty(s, ctx) !== 0) open++;
      if (open < limit) return ACCEPTED;
      return refuse("max-open-positions", request, {
        limit,
        actual: open,
        message: `${open} positions open (with working orders), limit ${limit}`,
      });
    },
  };
}
