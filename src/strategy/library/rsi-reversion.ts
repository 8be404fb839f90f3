import { defineStrategy, v } from "../api/index.ts";
import { bars, enterLong, exitLong, real } from "./_orders.ts";

/**
 * Textbook RSI mean reversion: while flat, buy when RSI(period) closes below `lower`; while
 * long, sell when it closes above `upper`. Market orders, filled at the next open.
 */
export const rsiReversion = defineStrategy({
  name: "rsi-reversion",
  description: "RSI reversion: buy when RSI closes below lower while flat, sell when it closes above upper while long",
  params: v.pipe(
    v.object({
      period: bars(14, "RSI period (bars)", 2),
      lower: real(30, "Buy below this RSI", 0, 100),
      upper: real(70, "Sell above this RSI", 0, 100),
    }),
    v.forward(v.check((p) => p.lower < p.upper, "lower must be less than upper"), ["lower"]),
  ),
  create(p, setup) {
    const rsi = setup.indicator(`rsi_${p.period}`);
    return {
      onBar(ctx) {
        const r = rsi.value();
        if (Number.isNaN(r) || ctx.openOrders().length > 0) return;
        const held = ctx.position();
        if (held === 0 && r < p.lower) enterLong(ctx);
        else if (held > 0 && r > p.upper) exitLong(ctx);
      },
    };
  },
});
