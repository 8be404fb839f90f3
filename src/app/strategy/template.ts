/** The file `robotrader strategy new NAME` writes: a complete strategy that runs as is. */
export function strategyTemplate(name: string): string {
  return `// ${name}: a robotrader strategy. No build step, no npm packages: robotrader loads this file as is.
//
//   robotrader strategy check ./${name}.ts          load it, check its parameters, run it on the embedded SPX
//   robotrader backtest --strategy ./${name}.ts --set period=30
//   robotrader run --sim --strategy ./${name}.ts     paper-trade it against the built-in simulator
//   robotrader strategy types                        robotrader.d.ts + tsconfig.json here, for editor completion
//
// Everything a strategy needs comes from "robotrader": defineStrategy, and v (valibot) for parameters.
import { defineStrategy, v } from "robotrader";

export default defineStrategy({
  // Lower-case words joined by "-": names the strategy in reports, the database and its order keys.
  name: "${name}",
  description: "Buys when the close crosses above its moving average, sells when it crosses back below",

  // Parameters as a valibot object schema. Each can be set with --set period=30 or in
  // robotrader.toml under [strategy.params]; v.optional(schema, default) gives the default.
  params: v.object({
    period: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.description("Moving average period (bars)")), 20),
    average: v.optional(v.pipe(v.picklist(["sma", "ema"]), v.description("Kind of moving average")), "sma"),
    exitBelow: v.optional(v.pipe(v.boolean(), v.description("Sell when the close crosses back below the average")), true),
  }),

  // Called once per symbol before its first bar, with the checked parameters. Ask for
  // indicators here by id (see robotrader indicators --list): the engine updates them before
  // every onBar, so onBar only reads value(). Keep per-symbol state in this closure.
  create(params, setup) {
    const average = setup.indicator(\`\${params.average}_\${params.period}\`);
    let wasAbove: boolean | undefined;

    return {
      // Called at the close of each bar of setup.symbol. ctx.bar is that bar; orders are
      // requests: market orders fill at the next bar's open, after the risk checks.
      onBar(ctx) {
        const ma = average.value();
        if (Number.isNaN(ma)) return; // still warming up
        const above = ctx.bar.close > ma;
        const held = ctx.position();
        if (wasAbove === false && above && held === 0 && ctx.openOrders().length === 0) {
          const qty = ctx.entryQty(); // shares by the configured sizing (--qty, --pct-equity, ...)
          if (qty > 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" });
        } else if (params.exitBelow && wasAbove === true && !above && held > 0) {
          ctx.submit({ symbol: ctx.symbol, side: "sell", qty: held, type: "market", tif: "day" });
        }
        wasAbove = above;
      },
    };
  },
});
`;
}
