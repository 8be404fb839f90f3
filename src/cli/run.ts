import { defineCommand, type ArgsDef, type ParsedArgs } from "citty";
import { GatewayUnavailable } from "../app/live/preflight.ts";
import { parseForDuration, parseSymbols, parseUntil } from "./_run-args.ts";
import { runLive } from "../app/live/run-live.ts";
import { SIM_DEFAULT_SPEED } from "../app/live/sim.ts";
import { formatSummary, summaryNotes } from "../app/live/summary.ts";
import { serveForRun } from "../app/serve/serve.ts";
import { UserError } from "../core/errors.ts";
import { buildTradingSetup } from "../app/setup/trading-setup.ts";
import { LIVE_SETUP_ARGS, parseSetupFlags } from "./setup-flags.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg } from "./data-args.ts";
import { selectStrategy, strategyArgs, strategyParamArgs } from "./strategy-args.ts";

export const runArgs = {
  ...commonArgs,
  symbols: { type: "string", description: "Tickers, comma-separated (default: config symbols)" },
  ...strategyArgs,
  ...strategyParamArgs,
  ...LIVE_SETUP_ARGS,
  "bar-size": { type: "string", description: "Bar size traded: 5s 1m 5m 15m 30m 1h 1d (default: config run.bar_size, 5m)" },
  host: { type: "string", description: "Gateway host (default: config gateway.host)" },
  port: { type: "string", description: "Gateway port (default: config gateway.port)" },
  "client-id": { type: "string", description: "IB API client id (default: config gateway.client_id)" },
  broker: { type: "string", description: "paper: fills locally by the backtest rules on live bars (default); ibkr: orders go to the IB account", default: "paper" },
  live: { type: "boolean", description: "Confirm real-money trading (also needs mode = \"live\" and a matching gateway.account_id)" },
  sim: { type: "boolean", description: "Run against the built-in gateway simulator, in this process (no IB account needed)" },
  speed: { type: "string", description: `Simulator replay speed with --sim (default ${SIM_DEFAULT_SPEED}x: a 5-minute bar per second)` },
  start: { type: "string", description: "First replayed day with --sim, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' New York time" },
  "replay-clock": { type: "boolean", description: "The gateway is a robotrader sim-gateway replaying past days: take market time from its bars (mode paper only)" },
  cash: { type: "string", description: "Seeds a NEW paper account, USD (default 100000); an existing one carries on from the database" },
  serve: { type: "boolean", description: "Also serve the status page in this process (config dashboard.host/port/token)" },
  "dashboard-port": { type: "string", description: "Status page port with --serve (default: config dashboard.port, 5555); --port is the gateway's" },
  until: { type: "string", description: "Stop at this time: HH:MM local, or an ISO date-time" },
  for: { type: "string", description: "Stop after this long: 60s, 5m, 1h30m" },
  ...dataDirArg,
  "reconcile-every": { type: "string", description: "--broker ibkr: reconcile with the broker this often while running, e.g. 10s (default: config run.reconcile_interval_s, 60)" },
} as const satisfies ArgsDef;

/**
 * Every check `run` makes before it connects anywhere: flag values, config with the flags
 * applied, the strategy and its parameters. Throws UserError (exit 2). `service install
 * --args "run ..."` calls it too, so a service is never installed with a command that fails.
 */
export async function prepareRun(args: ParsedArgs<typeof runArgs>) {
  if (args.until !== undefined && args.for !== undefined) throw new UserError("Give --until or --for, not both");
  if (args.broker !== "paper" && args.broker !== "ibkr") throw new UserError(`--broker must be paper or ibkr, got '${args.broker}'`);
  if (!args.serve && args["dashboard-port"] !== undefined) throw new UserError("--dashboard-port only applies with --serve");
  if (!args.sim && (args.speed !== undefined || args.start !== undefined)) throw new UserError("--speed and --start only apply with --sim");
  const endAt = args.for !== undefined ? Date.now() + parseForDuration(args.for) : args.until !== undefined ? parseUntil(args.until) : undefined;
  const symbols = args.symbols !== undefined ? parseSymbols(args.symbols) : undefined;
  const speed = args.speed === undefined ? undefined : Number(args.speed);
  if (speed !== undefined && !(speed > 0 && Number.isFinite(speed))) throw new UserError(`--speed must be a number > 0, got '${args.speed}'`);
  const cash = args.cash === undefined ? undefined : Number(args.cash.replace(/_/g, ""));
  if (cash !== undefined && !(cash > 0 && Number.isFinite(cash))) throw new UserError(`--cash must be an amount > 0 USD, got '${args.cash}'`);
  const reconcileEvery = args["reconcile-every"] === undefined ? undefined : String(parseForDuration(args["reconcile-every"], "--reconcile-every") / 1000);
  const ctx = await commandContext(
    args,
    { "gateway.host": args.host, "gateway.port": args.port, "gateway.clientId": args["client-id"], "run.barSize": args["bar-size"], "run.reconcileIntervalS": reconcileEvery, dataDir: args["data-dir"], "dashboard.port": args["dashboard-port"] },
    { "gateway.host": "--host", "gateway.port": "--port", "gateway.clientId": "--client-id", "run.barSize": "--bar-size", "run.reconcileIntervalS": "--reconcile-every", dataDir: "--data-dir", "dashboard.port": "--dashboard-port" },
  );
  const selected = await selectStrategy(ctx.config, args, symbols);
  const strategy = selected.configured;
  const broker: "paper" | "ibkr" = args.broker;
  // [[strategies]] with their own symbols: the run trades all of them.
  const traded = symbols ?? selected.symbols;
  // The same TradingSetup a backtest builds: config, then the setup flags (docs/pipeline.md).
  const setup = buildTradingSetup(ctx.config, { ...parseSetupFlags(args as Record<string, unknown>), strategy, symbols: traded ?? ctx.config.symbols });
  return { ctx, strategy, setup, broker, endAt, symbols: traded, speed, cash };
}

export default defineCommand({
  meta: { name: "run", description: "Trade: live bars from TWS / IB Gateway (or --sim), paper fills or IB orders, risk checks, metrics" },
  args: runArgs,
  async run({ args }) {
    const { ctx, strategy, setup, broker, endAt, symbols, speed, cash } = await prepareRun(args);
    const statusPage = args.serve ? serveForRun(ctx.config, ctx.log) : undefined;

    // Signals end the session like --for does: nothing cancelled by default, state flushed, sockets closed, exit 0.
    const controller = new AbortController();
    const onSignal = (sig: NodeJS.Signals) => {
      ctx.log.info(`${sig}: stopping (open orders stay at the broker unless run.cancel_on_shutdown)`);
      controller.abort(new Error(sig));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      const summary = await runLive({
        config: ctx.config, log: ctx.log, strategy, setup, broker, live: Boolean(args.live),
        ...(ctx.sources ? { sources: ctx.sources } : {}),
        ...(symbols ? { symbols } : {}),
        ...(args.sim ? { sim: { ...(speed !== undefined ? { speed } : {}), ...(args.start !== undefined ? { start: args.start } : {}) } } : {}),
        ...(cash !== undefined ? { cash } : {}),
        ...(args["replay-clock"] ? { replayClock: true } : {}),
        ...(endAt !== undefined ? { endAt } : {}),
        signal: controller.signal,
      });
      if (ctx.json) printJson(summary);
      else printText(formatSummary(summary, summaryNotes(summary, setup)));
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      ctx.log.error(`run refused: ${error.message}${error.fix ? `\n  fix: ${error.fix}` : ""}`);
      if (ctx.json) printJson({ error: "gateway-unavailable", message: error.message, fix: error.fix ?? null });
      process.exitCode = 1;
    } finally {
      await statusPage?.stop();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
});
