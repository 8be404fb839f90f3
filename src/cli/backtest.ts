import { defineCommand } from "citty";
import { barSizeArg, rangeArgs, symbolArg, timeZoneArg } from "./_series-args.ts";
import { runBacktestCommand } from "../app/backtest/run-backtest.ts";
import { parseWalkForwardFlags, WALK_FORWARD_ARGS } from "./_walk-forward-flags.ts";
import { COMMISSION_MODELS, type CommissionModelName } from "../core/commission/index.ts";
import { UserError } from "../core/errors.ts";
import type { Sizing } from "../core/sizing.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { outcomeText, outcomeJson } from "./backtest-format.ts";
import { ANALYTICS_ARGS, portfolioSizing, PORTFOLIO_SIZING_ARGS, REGIME_FILTER_ARGS, regimeFilterFlags, riskFreeArg } from "./backtest-portfolio-flags.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { SAVED_RUN_COMMANDS, savedRunCommands } from "./backtest-runs.ts";
import { progressBar } from "./progress-bar.ts";
import { selectStrategy, strategyArgs, strategyParamArgs } from "./strategy-args.ts";

export default defineCommand({
  meta: { name: "backtest", description: "Event-driven backtest with next-open fills, slippage and IB commissions; saved to the store" },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "Tickers, comma-separated (store, or the embedded SPX daily series); default SPX" },
    data: { type: "string", description: "CSV or Parquet file(s) of bars instead of --symbol, comma-separated; each file is one symbol named after it" },
    catalog: { type: "string", description: "Read --symbol's bars from this catalogue of Parquet files (DIR/<bar size>/<SYMBOL>.parquet) instead of the store" },
    "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d", default: "1d" },
    tz: { type: "string", description: "Zone of --data date-times written without one (default UTC)" },
    from: { type: "string", description: "First bar date (inclusive), e.g. 2010-01-01" },
    to: { type: "string", description: "Last bar date (inclusive)" },
    ...strategyArgs,
    ...strategyParamArgs,
    "long-only": { type: "boolean", description: "Only long positions (default)" },
    "long-short": { type: "boolean", description: "Reverse to short on sell signals" },
    qty: { type: "string", description: "Sizing: N shares per entry" },
    "cash-per-trade": { type: "string", description: "Sizing: this many USD per entry" },
    "pct-equity": { type: "string", description: "Sizing: P% of current equity per entry (default 100 / number of symbols)" },
    "vol-target": { type: "string", description: "Sizing: annualized volatility target in % (e.g. 15), from realized volatility, at most 100% of equity" },
    "vol-lookback": { type: "string", description: "Bars of realized volatility for --vol-target (default 20)" },
    ...PORTFOLIO_SIZING_ARGS,
    ...REGIME_FILTER_ARGS,
    ...ANALYTICS_ARGS,
    cash: { type: "string", description: "Starting cash in USD", default: "100000" },
    commission: { type: "string", description: `Commission model: ${COMMISSION_MODELS.join(", ")}`, default: "ib-fixed" },
    "slippage-bps": { type: "string", description: "Adverse slippage on market and stop fills, basis points", default: "0" },
    ...WALK_FORWARD_ARGS,
    report: { type: "string", description: "Write a self-contained HTML report to this file" },
    save: { type: "boolean", description: "Save the run to the store (--no-save to skip)", default: true },
    equity: { type: "boolean", description: "With --json: also print the equity at every bar (large for long runs)" },
    ...dataDirArg,
  },
  subCommands: savedRunCommands,
  async run({ args, rawArgs }) {
    // citty runs a command's own run after its subcommand's: `backtest list` must not also backtest.
    if (rawArgs.some((w) => (SAVED_RUN_COMMANDS as readonly string[]).includes(w))) return;
    if (args["long-only"] && args["long-short"]) throw new UserError("Give --long-only or --long-short, not both");
    if (args.symbol !== undefined && args.data !== undefined) throw new UserError("Give either --symbol or --data, not both");
    const walkForward = parseWalkForwardFlags(args);
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const flagSymbols = args.symbol !== undefined ? list(args.symbol, "--symbol").map((s) => symbolArg(s)) : undefined;
    const selected = await selectStrategy(ctx.config, args, flagSymbols);
    const { configured } = selected;
    const progress = progressBar(process.stderr, args.quiet ? false : undefined);
    try {
      const outcome = await runBacktestCommand(
        ctx.config,
        {
          ...(args.data !== undefined
            ? { dataFiles: list(args.data, "--data") }
            : { symbols: flagSymbols ?? selected.symbols ?? ["SPX"], catalog: args.catalog }),
          barSize: barSizeArg(args["bar-size"]),
          timeZone: args.tz !== undefined ? timeZoneArg(args.tz) : undefined,
          from: range.from,
          to: range.to,
          // Walk-forward configures a built-in by name per grid point in its workers.
          strategy: walkForward && configured.file === undefined ? configured.name : configured,
          params: configured.params,
          direction: args["long-short"] ? "long-short" : "long-only",
          sizing: sizingFlags(args),
          regimeFilter: regimeFilterFlags(args),
          analytics: { benchmark: args.benchmark !== undefined ? symbolArg(args.benchmark) : undefined, riskFreeRate: riskFreeArg(args["risk-free"]) },
          initialCash: amount("--cash", args.cash),
          commission: commissionName(args.commission),
          slippageBps: amount("--slippage-bps", args["slippage-bps"], true),
          walkForward,
          report: args.report,
          save: args.save,
          onProgress: progress.update,
        },
        ctx.log,
      );
      progress.done();
      if (ctx.json) printJson(outcomeJson(outcome, { equity: args.equity === true }));
      else printText(outcomeText(outcome));
    } finally {
      progress.done();
    }
  },
});

function list(value: string, flag: string): string[] {
  const items = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw new UserError(`${flag} needs at least one value`);
  return items;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A flag's number; UserError naming the flag and the expected form. */
function amount(flag: string, value: string | undefined, zeroOk = false): number {
  const text = (value ?? "").trim().replace(/_/g, "");
  const n = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0)) {
    throw new UserError(`${flag} must be a number ${zeroOk ? ">= 0" : "> 0"}, got '${value ?? ""}'`);
  }
  return n;
}

function commissionName(value: string | undefined): CommissionModelName {
  const name = value ?? "ib-fixed";
  if (!(COMMISSION_MODELS as readonly string[]).includes(name)) {
    throw new UserError(`--commission must be one of ${COMMISSION_MODELS.join(", ")}, got '${name}'`);
  }
  return name as CommissionModelName;
}

function sizingFlags(args: Record<string, unknown>): Sizing | undefined {
  const modeFlag = args["sizing"] !== undefined ? "sizing" : "target-vol";
  const given = (["qty", "cash-per-trade", "pct-equity", "vol-target", modeFlag] as const).filter((f) => args[f] !== undefined);
  if (given.length > 1) throw new UserError(`Give one sizing flag, not ${given.map((f) => `--${f}`).join(" and ")}`);
  const portfolio = portfolioSizing(args);
  if (portfolio) return portfolio;
  if (args["vol-lookback"] !== undefined && given[0] !== "vol-target") throw new UserError("--vol-lookback only applies with --vol-target");
  const v = (f: string) => amount(`--${f}`, args[f] as string);
  switch (given[0]) {
    case undefined:
      return undefined;
    case "qty": {
      const qty = v("qty");
      if (!Number.isInteger(qty)) throw new UserError(`--qty must be a whole number of shares > 0, got '${String(args["qty"])}'`);
      return { kind: "qty", qty };
    }
    case "cash-per-trade":
      return { kind: "cash", amount: v("cash-per-trade") };
    case "pct-equity": {
      const pct = v("pct-equity");
      if (pct > 100) throw new UserError(`--pct-equity must be a percentage in (0, 100], got '${String(args["pct-equity"])}'`);
      return { kind: "pct-equity", pct };
    }
    case "vol-target": {
      const lookback = args["vol-lookback"] === undefined ? 20 : v("vol-lookback");
      if (!Number.isInteger(lookback) || lookback < 2) throw new UserError(`--vol-lookback must be a whole number of bars >= 2, got '${String(args["vol-lookback"])}'`);
      return { kind: "vol-target", pct: v("vol-target"), lookback };
    }
  }
}
