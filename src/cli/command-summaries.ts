import type { CommandDef } from "citty";

/**
 * Each command's one-line description, as its own `meta.description` says it (a test keeps the
 * two equal): `robotrader --help` lists the commands from here instead of loading every command
 * module (and all they import) just to read its description.
 */
export const COMMAND_SUMMARIES: Readonly<Record<string, string>> = {
  run: "Trade: live bars from TWS / IB Gateway (or --sim), paper fills or IB orders, risk checks, metrics",
  backtest: "Event-driven backtest through the same pipeline as run (config sizing, [risk] rules, exits, validation, costs); saved to the store",
  train: "Train and validate ML models on stored bars (not implemented yet)",
  "diagnose-gateway": "Tell why the TWS / IB Gateway API does not answer, with the fix (alias: diagnose). Exit 0 only for verdict ok",
  serve: "Status page: live HTTP + WebSocket dashboard of the runner, read from the store (read-only)",
  data: "Import, list, export, fetch, delete and resample bar data (SQLite store + embedded SPX)",
  indicators: "Compute TA-Lib-compatible indicators over stored, embedded (SPX) or CSV bars",
  regime: "Market regimes of a series: rules (trend x volatility) or a Gaussian hidden Markov model",
  "sim-gateway": "Run the TWS-API gateway simulator (real wire protocol) until Ctrl-C",
  status: "Runner status: positions, orders, today's trades and P&L, connection, kill switch, metrics",
  "market-status": "NYSE session now (or --at): pre-market, regular, after-hours, closed; next open and close",
  "kill-switch": "Block (on) or allow (off) new orders, also for a running runner",
  reconcile: "Resolve reconciliation problems between the database and IB",
  service: "Install/uninstall/show the runner as a launchd agent (macOS) or systemd user unit (Linux)",
  config: "Show, locate and check the configuration (robotrader.toml + ROBOTRADER_* env)",
  replay: "Replay a recorded run through the backtest driver and compare its orders one by one (exit 1 on a divergence)",
  runs: "Recorded runs (robotrader replay RUN_ID replays one)",
};

type Lazy = () => Promise<CommandDef<any>>;

/** Subcommands for the root's usage: a stand-in with the summary where there is one, else the command itself. */
export function usageSubCommands(subCommands: Readonly<Record<string, Lazy>>): Record<string, CommandDef<any> | Lazy> {
  return Object.fromEntries(
    Object.entries(subCommands).map(([name, load]) => {
      const description = COMMAND_SUMMARIES[name];
      return [name, description === undefined ? load : { meta: { name, description } }];
    }),
  );
}
