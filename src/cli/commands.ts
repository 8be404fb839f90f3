import type { CommandDef } from "citty";

type Lazy = () => Promise<CommandDef<any>>;
const load = (p: Promise<{ default: CommandDef<any> }>) => p.then((m) => m.default);

/** Every subcommand, loaded lazily so `robotrader --help` stays instant. */
export const subCommands: Record<string, Lazy> = {
  run: () => load(import("./run.ts")),
  backtest: () => load(import("./backtest.ts")),
  merge: () => load(import("./merge.ts")),
  strategy: () => load(import("./strategy.ts")),
  train: () => load(import("./train.ts")),
  models: () => load(import("./models.ts")),
  "diagnose-gateway": () => load(import("./diagnose-gateway.ts")),
  serve: () => load(import("./serve.ts")),
  data: () => load(import("./data.ts")),
  indicators: () => load(import("./indicators.ts")),
  regime: () => load(import("./regime.ts")),
  "sim-gateway": () => load(import("./sim-gateway.ts")),
  status: () => load(import("./status.ts")),
  "market-status": () => load(import("./market-status.ts")),
  "kill-switch": () => load(import("./kill-switch.ts")),
  reconcile: () => load(import("./reconcile.ts")),
  service: () => load(import("./service.ts")),
  config: () => load(import("./config.ts")),
  replay: () => load(import("./replay.ts")),
  runs: () => load(import("./runs.ts")),
  notify: () => load(import("./notify.ts")),
  close: () => load(import("./close.ts")),
  order: () => load(import("./order.ts")),
  stop: () => load(import("./stop.ts")),
  pause: () => load(import("./pause.ts")),
  resume: () => load(import("./resume.ts")),
};

/** Short names users type; citty also lists them in help. */
export const aliases: Record<string, string> = { diagnose: "diagnose-gateway" };
