import { defineStrategy, v, type Indicator, type PortfolioContext } from "../api/index.ts";
import { bars, real } from "./_orders.ts";

/** The rule that refuses orders decided on bars that only warm up (live backfill, bars before --from). */
const WARM_UP = "warm-up";

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
 * momentum is above zero are held (the rest of the money stays in cash). Each holding gets
 * (100 - cashBuffer)% of equity split over `top`, at most what the configured sizing gives.
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

    /** Buys each symbol not held yet; returns those whose order was refused (asked again next step). */
    const buy = (ctx: PortfolioContext, symbols: readonly string[]): string[] => {
      const budget = (ctx.portfolio.equity() * (1 - p.cashBuffer / 100)) / p.top;
      const refused: string[] = [];
      for (const symbol of symbols) {
        const close = ctx.market.bar(symbol)?.close ?? NaN;
        // Equal weight, at most what the configured sizing gives (so the account's limits hold).
        const qty = Math.min(Math.floor(budget / close), ctx.entryQty(symbol));
        if (ctx.position(symbol) !== 0 || ctx.openOrders(symbol).length > 0 || !(qty > 0)) continue;
        const result = ctx.submit({ symbol, side: "buy", qty, type: "market", tif: "day" });
        if (result.kind === "refused" && result.rule === WARM_UP) refused.push(symbol);
      }
      return refused;
    };

    return {
      onStep(ctx) {
        // A buy refused because its bar only warmed up (a live run's backfill) is asked again next step.
        if (toBuy.length > 0) toBuy = buy(ctx, toBuy);
        const month = monthOf(ctx.time);
        if (month === lastMonth) return;
        const top = ranked();
        const anyKnown = setup.symbols.some((s) => !Number.isNaN(momentum.get(s)!.value()));
        if (!anyKnown) return;
        // A rebalance decided on a warm-up bar is decided again on the next step.
        let refused = false;
        for (const symbol of setup.symbols) {
          const held = ctx.position(symbol);
          if (held > 0 && !top.includes(symbol) && ctx.openOrders(symbol).length === 0) {
            const result = ctx.submit({ symbol, side: "sell", qty: held, type: "market", tif: "day" });
            refused = (result.kind === "refused" && result.rule === WARM_UP) || refused;
          }
        }
        if (!refused) lastMonth = month;
        toBuy = top.filter((s) => ctx.position(s) === 0);
      },
    };
  },
});
