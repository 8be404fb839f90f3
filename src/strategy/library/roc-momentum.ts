import { defineStrategy, v } from "../api/index.ts";
import { bars, enterLong, exitLong, real } from "./_orders.ts";

/**
 * Rate-of-change momentum: while flat, buy when ROC(period) (percent change over `period`
 * bars) closes above `threshold`; while long, sell when it closes below zero.
 */
export const rocMomentum = defineStrategy({
  name: "roc-momentum",
  description: "Rate-of-change momentum: buy when ROC(period) closes above threshold %, sell when it turns negative",
  params: v.object({
    period: bars(20, "ROC lookback (bars)", 1),
    threshold: real(0, "Buy when ROC is above this many percent", -100, 1000),
  }),
  create(p, setup) {
    const roc = setup.indicator(`roc_${p.period}`);
    return {
      onBar(ctx) {
        const r = roc.value();
        if (Number.isNaN(r) || ctx.openOrders().length > 0) return;
        const held = ctx.position();
        if (held === 0 && r > p.threshold) enterLong(ctx);
        else if (held > 0 && r < 0) exitLong(ctx);
      },
    };
  },
});
