import { projectedQty, qtyAfter, type RiskContext } from "./context.ts";
import { ACCEPTED, refuse } from "./decision.ts";
import type { RiskRule } from "./rule.ts";

/** At most `limit` symbols held (counting working orders); only an order that opens a new holding is checked. */
export function maxOpenPositions(limit: number): RiskRule {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`max-open-positions: limit must be an integer >= 0, got ${limit}`);
  return {
    name: "max-open-positions",
    check(request, ctx) {
      if (projectedQty(request.symbol, ctx) !== 0 || qtyAfter(request, ctx) === 0) return ACCEPTED;
      const open = openSymbols(ctx);
      if (open < limit) return ACCEPTED;
      return refuse("max-open-positions", request, {
        limit,
        actual: open,
        message: `${open} positions open (with working orders), limit ${limit}`,
      });
    },
  };
}

/**
 * How many distinct symbols of the positions and working orders have a projected holding:
 * without a Set or arrays per check (a 500-symbol backtest asks ~50,000 times, the lists are short).
 */
function openSymbols(ctx: RiskContext): number {
  const { positions, workingOrders } = ctx;
  let open = 0;
  for (let p = 0; p < positions.length; p++) {
    const symbol = positions[p]!.symbol;
    if (indexOfSymbol(positions, symbol) === p && projectedQty(symbol, ctx) !== 0) open++;
  }
  for (let w = 0; w < workingOrders.length; w++) {
    const symbol = workingOrders[w]!.symbol;
    if (indexOfSymbol(positions, symbol) < 0 && indexOfSymbol(workingOrders, symbol) === w && projectedQty(symbol, ctx) !== 0) open++;
  }
  return open;
}

function indexOfSymbol(list: readonly { readonly symbol: string }[], symbol: string): number {
  for (let i = 0; i < list.length; i++) if (list[i]!.symbol === symbol) return i;
  return -1;
}
