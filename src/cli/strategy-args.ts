import type { ArgsDef } from "citty";
import { resolveStrategy } from "../app/strategy/resolve.ts";
import type { AppConfig } from "../config/schema.ts";
import type { BarSize } from "../core/bar.ts";
import { barSizeArg } from "./_series-args.ts";
import { parseSet } from "./_set-flag.ts";
import { UserError } from "../core/errors.ts";
import { combineStrategies, type StrategyMember } from "../strategy/combine.ts";
import { builtInStrategies, type RegisteredStrategy } from "../strategy/registry.ts";
import type { ConfiguredStrategy } from "../strategy/types.ts";

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every built-in strategy's parameters as flags (--fast, --period, --cash-buffer, ...). */
function paramFlags(): ArgsDef {
  const byFlag = new Map<string, string[]>();
  for (const s of builtInStrategies()) {
    for (const p of s.params) {
      const flag = kebab(p.name);
      const list = byFlag.get(flag) ?? [];
      list.push(`${s.name}${p.default !== undefined ? ` ${String(p.default)}` : ""}`);
      byFlag.set(flag, list);
    }
  }
  return Object.fromEntries([...byFlag].map(([flag, used]) => [flag, { type: "string", description: `Strategy parameter (${used.join("; ")})` }] as const));
}

export const strategyParamArgs: ArgsDef = paramFlags();

export const strategyArgs = {
  strategy: { type: "string", description: "A built-in strategy (robotrader strategy list) or a strategy file ./my-strategy.ts (default: config strategy.name, else run.strategy)" },
  set: { type: "string", description: "Strategy parameters as name=value,name=value (any strategy, files too); over config [strategy.params]" },
  model: { type: "string", description: "--strategy ml: the trained model's id (default: the promoted model; see robotrader models list)" },
} as const satisfies ArgsDef;

/** A config params table's names as the strategy spells them (exit_below -> exitBelow when that is the name). */
function configParams(s: RegisteredStrategy, table: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const names = new Set(s.params.map((p) => p.name));
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [names.has(k) || !names.has(camel(k)) ? k : camel(k), v]));
}

export interface SelectedStrategy {
  /** The one strategy's definition; undefined for several ([[strategies]]). */
  readonly registered?: RegisteredStrategy;
  readonly configured: ConfiguredStrategy;
  /** Several strategies ([[strategies]] in config): each with its symbols; empty for one strategy. */
  readonly members: readonly StrategyMember[];
  /** The members' symbols together (undefined: the command's own symbols). */
  readonly symbols: readonly string[] | undefined;
}

/**
 * The strategy a command runs and its checked parameters: --strategy (a name or a file), else
 * config strategy.name, else run.strategy. Parameters: config [strategy.params] (when the config
 * names this strategy), then parameter flags, then --set. A flag the strategy lacks is an error.
 */
export async function selectStrategy(config: AppConfig, args: Readonly<Record<string, unknown>>, commandSymbols?: readonly string[]): Promise<SelectedStrategy> {
  const flagged = typeof args["strategy"] === "string" ? args["strategy"] : undefined;
  if (flagged === undefined && config.strategies.length > 0) return await configuredMembers(config, args, commandSymbols);
  const name = flagged ?? config.strategy.name ?? config.run.strategy;
  const registered = await resolveStrategy(name);
  const fromConfig = flagged === undefined || flagged === config.strategy.name ? configParams(registered, config.strategy.params) : {};
  const own = new Set(registered.params.map((p) => p.name));
  const fromFlags: Record<string, unknown> = {};
  for (const flag of Object.keys(strategyParamArgs)) {
    const value = args[flag] ?? args[camel(flag)];
    if (value === undefined) continue;
    const param = camel(flag);
    if (!own.has(param)) {
      const list = [...own].map((p) => `--${kebab(p)}`).join(", ") || "none";
      throw new UserError(`--${flag} does not apply to strategy ${registered.name} (its parameters: ${list}; any of them: --set name=value)`);
    }
    fromFlags[param] = value;
  }
  const model = args["model"];
  if (model !== undefined && registered.name !== "ml") throw new UserError(`--model applies to --strategy ml only (strategy is ${registered.name})`);
  const ml = registered.name === "ml" && registered.file === undefined ? { model: await (await import("../app/train/ml-source.ts")).mlModelSource(config, model as string | undefined, tradedBarSize(config, args)) } : {};
  const configured = registered.configure({ ...fromConfig, ...fromFlags, ...parseSet(args["set"] as string | undefined), ...ml });
  return { registered, configured, members: [], symbols: undefined };
}

/** [[strategies]]: each entry resolved, configured and renamed to its id; one strategy for the engine. */
async function configuredMembers(config: AppConfig, args: Readonly<Record<string, unknown>>, commandSymbols: readonly string[] | undefined): Promise<SelectedStrategy> {
  const given = Object.keys(strategyParamArgs).filter((f) => args[f] !== undefined || args[camel(f)] !== undefined);
  if (given.length > 0 || args["set"] !== undefined) {
    throw new UserError(`--${given[0] ?? "set"}: with [[strategies]] in the config, parameters go in each entry's params (or give --strategy to run one)`);
  }
  const members: StrategyMember[] = [];
  for (const [i, entry] of config.strategies.entries()) {
    const registered = await resolveStrategy(entry.name);
    const ml = registered.name === "ml" && registered.file === undefined ? { model: await (await import("../app/train/ml-source.ts")).mlModelSource(config, entry.params["model"] as string | undefined, tradedBarSize(config, args)) } : {};
    let configured = registered.configure({ ...configParams(registered, entry.params), ...ml });
    if (entry.id !== undefined) configured = { ...configured, name: entry.id };
    const symbols = entry.symbols ?? commandSymbols ?? config.symbols;
    if (symbols.length === 0) throw new UserError(`strategies[${i}] (${entry.name}) has no symbols`);
    const risk = entry.risk;
    members.push({
      strategy: configured,
      symbols,
      source: registered.file ?? registered.name,
      ...(risk ? { limits: { maxPositionValue: risk.max_position_value, maxOpenPositions: risk.max_open_positions } } : {}),
    });
  }
  const configured = members.length === 1 ? members[0]!.strategy : combineStrategies(members);
  return { configured, members, symbols: [...new Set(members.flatMap((m) => m.symbols))] };
}

/** The bars the command trades: its --bar-size (backtest's defaults to 1d), else config run.bar_size (run). */
function tradedBarSize(config: AppConfig, args: Readonly<Record<string, unknown>>): BarSize {
  const flag = args["bar-size"];
  return barSizeArg(typeof flag === "string" ? flag : config.run.barSize);
}
