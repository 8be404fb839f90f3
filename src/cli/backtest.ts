import { defineCommand } from "citty";
import { flagList, rangeArgs, symbolArg } from "./_series-args.ts";
import type { BacktestRequest } from "../app/backtest/backtest-request.ts";
import { runBacktestCommand } from "../app/backtest/run-backtest.ts";
import { SHARD_ARGS } from "./backtest-shard-args.ts";
import { normalJit } from "../app/start-up-jit.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";
import { parseWalkForwardFlags, WALK_FORWARD_ARGS } from "./_walk-forward-flags.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext, type CommandContext } from "./_context.ts";
import { printJson, printParts, printText } from "./_output.ts";
import { outcomeText, outcomeJson, outcomeJsonParts } from "./backtest-format.ts";
import { ANALYTICS_ARGS, portfolioSizing, PORTFOLIO_SIZING_ARGS, REGIME_FILTER_ARGS, regimeFilterFlags, riskFreeArg } from "./backtest-portfolio-flags.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { lazySavedRunCommands, SAVED_RUN_COMMANDS } from "./backtest-run-names.ts";
import { progressBar } from "./progress-bar.ts";
import { startDataStream } from "./backtest-data-stream.ts";
import { selectStrategy, strategyArgs, strategyParamArgs } from "./strategy-args.ts";
import { flagNumber, parseSetupFlags, SETUP_ARGS } from "./setup-flags.ts";
import { BAR_SOURCE_ARGS, barSourceRequest } from "./bar-source-args.ts";

export default defineCommand({
  meta: { name: "backtest", description: "Event-driven backtest through the same pipeline as run (config sizing, [risk] rules, exits, validation, costs); saved to the store" },
  args: {
    ...commonArgs,
    ...BAR_SOURCE_ARGS,
    ...strategyArgs,
    ...strategyParamArgs,
    "long-only": { type: "boolean", description: "Only long positions (default)" },
    "long-short": { type: "boolean", description: "Reverse to short on sell signals" },
    ...SETUP_ARGS,
    ...REGIME_FILTER_ARGS,
    ...ANALYTICS_ARGS,
    cash: { type: "string", description: "Starting cash in USD", default: "100000" },
    ...WALK_FORWARD_ARGS,
    report: { type: "string", description: "Write a self-contained HTML report to this file" },
    save: { type: "boolean", description: "Save the run to the store (--no-save to skip)", default: true },
    equity: { type: "boolean", description: "With --json: also print the equity at every bar (large for long runs)" },
    each: { type: "boolean", description: "One separate backtest (own account of --cash) per symbol or --data file, spread over every core; prints each and the aggregate" },
    workers: { type: "string", description: "Walk-forward and --each: worker threads (default: every core; 1 = this thread); results are the same" },
    ...SHARD_ARGS,
    ...dataDirArg,
  },
  subCommands: lazySavedRunCommands,
  async run({ args, rawArgs }) {
    // citty runs a command's own run after its subcommand's: `backtest list` must not also backtest.
    if (rawArgs.some((w) => (SAVED_RUN_COMMANDS as readonly string[]).includes(w))) return;
    if (args["long-only"] && args["long-short"]) throw new UserError("Give --long-only or --long-short, not both");
    if (args.symbol !== undefined && args.data !== undefined) throw new UserError("Give either --symbol or --data, not both");
    const walkForward = parseWalkForwardFlags(args);
    // Bad dates before the CSV worker starts and the config is read (barSourceRequest reads them again below).
    rangeArgs(args.from, args.to);
    const csvStream = startDataStream(args, walkForward !== undefined);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const flagSymbols = args.symbol !== undefined ? flagList(args.symbol, "--symbol").map((s) => symbolArg(s)) : undefined;
    const selected = await selectStrategy(ctx.config, args, flagSymbols);
    const { configured } = selected;
    const progress = progressBar(args.quiet ? false : undefined);
    try {
      const request: BacktestRequest = {
          ...barSourceRequest(args, flagSymbols ?? selected.symbols ?? ["SPX"]),
          // Walk-forward configures a built-in by name per grid point in its workers.
          strategy: walkForward && configured.file === undefined ? configured.name : configured,
          params: configured.params,
          direction: args["long-short"] ? "long-short" : "long-only",
          setup: parseSetupFlags(args),
          regimeFilter: regimeFilterFlags(args),
          analytics: { benchmark: args.benchmark !== undefined ? symbolArg(args.benchmark) : undefined, riskFreeRate: riskFreeArg(args["risk-free"]) },
          initialCash: flagNumber("cash", args.cash),
          walkForward,
          workers: args.workers !== undefined ? workersArg(args.workers) : undefined,
          report: args.report,
          save: args.save,
          onProgress: progress.update,
          csvStream,
      };
      // A batch, a shard or a merge runs at the JIT's normal policy; a plain backtest decides by its input's size.
      if (args.each || args.shard !== undefined || args["merge-shards"] !== undefined || walkForward) normalJit();
      if (args.each) {
        await backtestEach(ctx, request, configured, args, rawArgs);
        return;
      }
      // Sharding, merging and --each load their modules when asked for, not with every backtest.
      if (args.shard !== undefined) {
        const { writeShard } = await import("./backtest-shard.ts");
        const written = await writeShard(ctx.config, request, args.shard, args["shard-out"], rawArgs, ctx.log);
        progress.done();
        if (ctx.json) printJson(written);
        else printText(`shard ${written.shard}: ${written.ran} of ${written.jobs} in-sample backtests written to ${written.file}; combine the parts with robotrader merge`);
        return;
      }
      const merged = args["merge-shards"] !== undefined ? await (await import("./backtest-shard.ts")).readShards(flagList(args["merge-shards"], "--merge-shards")) : undefined;
      const outcome = await runBacktestCommand(ctx.config, merged ? { ...request, mergedInSample: merged.stats } : request, ctx.log);
      progress.done();
      if (ctx.json && args.equity === true) await printParts(outcomeJsonParts(outcome));
      else if (ctx.json) printJson(outcomeJson(outcome));
      else printText(outcomeText(outcome));
    } finally {
      progress.done();
    }
  },
});

/** `backtest --each`: the batch, one shard of it (--shard), or its merged shards (robotrader merge). */
async function backtestEach(ctx: CommandContext, request: BacktestRequest, configured: ConfiguredStrategy, args: { shard?: string | undefined; "shard-out"?: string | undefined; "merge-shards"?: string | undefined; workers?: string | undefined; quiet?: boolean | undefined }, rawArgs: readonly string[]) {
  // A built-in goes to the workers by name; a strategy file or [[strategies]] runs in this thread.
  const byName = configured.file === undefined && configured.members === undefined;
  const req: BacktestRequest = { ...request, strategy: byName ? configured.name : configured, params: configured.params };
  const options = { workers: request.workers, quiet: args.quiet === true };
  const { readEachShards, writeEachShard } = await import("./backtest-shard.ts");
  const { eachOutcome, eachSymbols, runEach } = await import("../app/backtest/each.ts");
  const { eachJson, eachText } = await import("./backtest-each-format.ts");
  if (args.shard !== undefined) {
    const written = await writeEachShard(ctx.config, req, args.shard, args["shard-out"], rawArgs, options, ctx.log);
    if (ctx.json) printJson(written);
    else printText(`shard ${written.shard}: ${written.ran} of ${written.jobs} symbols' backtests written to ${written.file}; combine the parts with robotrader merge`);
    return;
  }
  const outcome = args["merge-shards"] !== undefined
    ? eachOutcome(eachSymbols(req), req.initialCash, await readEachShards(flagList(args["merge-shards"], "--merge-shards")))
    : await runEach(ctx.config, req, options, ctx.log);
  if (ctx.json) printJson(eachJson(outcome));
  else printText(eachText(outcome));
}

function workersArg(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(Number.isInteger(n) && n >= 1)) throw new UserError(`--workers must be a whole number >= 1, got '${value}'`);
  return n;
}
