import { defineStrategy, v, type Indicator, type PortfolioContext } from "../api/mod.ts";
import { bars, real } from "./_orders.ts";

/** Calendar month of a bar time (UTC), as one number that changes every month. */
const monthOf = (time: number): number => {
  const d = new Date(time);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/**
 * Holds the `top` symbols of the universe by rate of change over `lookback` bars, equally
 * weighted, rebalanced at the first time step of each calendar month (and at the first step
 * where momentum is known). A rebalance sells what left the top at the next open, then buys
 * the newcomers one step later with the cash that freed. With `absolute`, only symbols whose
 * momentum is above zero are held (the rest of the money stays in cash). It sizes itself:
 * (100 - cashBuffer)% of equity split over `top`, ignoring the sizing flags.
 */
export const momentumRotation = defineStrategy({
  kind: "portfolio",
  name: "momentum-rotation",
  description: "Portfolio: hold the top-N symbols by rate of change, equal weight, rebalanced monthly",
  params: v.object({
    lookback: bars(126, "Momentum lookback (bars)", 1),
    top: bars(3, "How many symbols to hold", 1),
    absolute: v.optional(v.pipe(v.boolean(), v.description("Hold only symbols with positive momentum")), true),
    cashBuffer: real(2, "Percent of equity kept in cash (absorbs the gap to the next open)", 0, 50),
  }),
  create(p, setup) {
    const momentum = new Map<string, Indicator>(setup.symbols.map((s) => [s, setup.indicator(`roc_${p.lookback}`, s)]));
    let lastMonth = NaN;
    let toBuy: string[] = [];

    const ranked = (): string[] =>
      setup.symbols
        .map((symbol, i) => ({ symbol, i, m: momentum.get(symbol)!.value() }))
        .filter((x) => !Number.isNaN(x.m) && (!p.absolute || x.m > 0))
        .sort((a, b) => b.m - a.m || a.i - b.i)
        .slice(0, p.top)
        .map((x) => x.symbol);

    const buy = (ctx: PortfolioContext, symbols: readonly string[]) => {
      const budget = (ctx.portfolio.equity() * (1 - p.cashBuffer / 100)) / p.top;
      for (const symbol of symbols) {
        const close = ctx.market.bar(symbol)?.close ?? NaN;
        const qty = Math.floor(budget / close);
        if (ctx.position(symbol) === 0 && qty > 0) ctx.submit({ symbol, side: "buy", qty, type: "market", tif: "day" });
      }
    };

    return {
      onStep(ctx) {
        if (toBuy.length > 0) {
          buy(ctx, toBuy);
          toBuy = [];
        }
        const month = monthOf(ctx.time);
        if (month === lastMonth) return;
        const top = ranked();
        const anyKnown = setup.symbols.some((s) => !Number.isNaN(momentum.get(s)!.value()));
        if (!anyKnown) return;
        lastMonth = month;
        for (const symbol of setup.symbols) {
          const held = ctx.position(symbol);
          if (held > 0 && !top.includes(symbol)) ctx.submit({ symbol, side: "sell", qty: held, type: "market", tif: "day" });
        }
        toBuy = top.filter((s) => ctx.position(s) === 0);
      },
    };
  },
});
