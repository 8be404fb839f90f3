import { defineStrategy, v } from "../api/index.ts";
import { bars, enterLong, exitLong, real } from "./_orders.ts";

const bandParams = {
  period: bars(20, "Bollinger period (bars)", 2),
  stddev: real(2, "Band width in standard deviations", 0.1, 10),
};

const UPPER = 0;
const MIDDLE = 1;
const LOWER = 2;

const bbandsId = (p: { readonly period: number; readonly stddev: number }) => `bbands_${p.period}_${p.stddev}_${p.stddev}`;

/** Mean reversion: buy a close below the lower band; sell a close above the middle (or upper) band. */
export const bollingerReversion = defineStrategy({
  name: "bollinger-reversion",
  description: "Bollinger reversion: buy when the close is below the lower band, sell when it is back above the middle (or upper) band",
  params: v.object({
    ...bandParams,
    exit: v.optional(v.pipe(v.picklist(["middle", "upper"]), v.description("Band whose crossing ends a trade")), "middle"),
  }),
  create(p, setup) {
    const bb = setup.indicator(bbandsId(p));
    const exitBand = p.exit === "upper" ? UPPER : MIDDLE;
    return {
      onBar(ctx) {
        const lower = bb.value(LOWER);
        if (Number.isNaN(lower) || ctx.openOrders().length > 0) return;
        const close = ctx.bar.close;
        const held = ctx.position();
        if (held === 0 && close < lower) enterLong(ctx);
        else if (held > 0 && close > bb.value(exitBand)) exitLong(ctx);
      },
    };
  },
});

/** Breakout: buy a close above the upper band; sell a close below the middle band. */
export const bollingerBreakout = defineStrategy({
  name: "bollinger-breakout",
  description: "Bollinger breakout: buy when the close is above the upper band, sell when it falls below the middle band",
  params: v.object(bandParams),
  create(p, setup) {
    const bb = setup.indicator(bbandsId(p));
    return {
      onBar(ctx) {
        const upper = bb.value(UPPER);
        if (Number.isNaN(upper) || ctx.openOrders().length > 0) return;
        const close = ctx.bar.close;
        const held = ctx.position();
        if (held === 0 && close > upper) enterLong(ctx);
        else if (held > 0 && close < bb.value(MIDDLE)) exitLong(ctx);
      },
    };
  },
});
