import { UserError } from "../core/errors.ts";
import { buyAndHold } from "./buy-and-hold/buy-and-hold.ts";
import { configureMl, ENTRY, EXIT, ML_DESCRIPTION } from "./ml/ml.ts";
import { smaCross } from "./sma-cross/sma-cross.ts";
import type { ConfiguredStrategy, ParamSpec, StrategyDefinition, StrategyParams } from "./types.ts";

export interface RegisteredStrategy {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Checks raw parameters (flags, a walk-forward grid point); throws UserError on bad ones. */
  configure(raw: Readonly<Record<string, unknown>>): ConfiguredStrategy;
}

function register<P extends StrategyParams>(def: StrategyDefinition<P>): RegisteredStrategy {
  return {
    name: def.name,
    description: def.description,
    params: def.params,
    configure(raw) {
      const params = def.parseParams(raw);
      return { name: def.name, params, create: (setup) => def.create(params, setup) };
    },
  };
}

/** Every strategy by name. A new strategy adds one entry here. */
const STRATEGIES: ReadonlyMap<string, RegisteredStrategy> = new Map(
  [register(smaCross), register(buyAndHold), { name: "ml", description: ML_DESCRIPTION, params: [ENTRY, EXIT], configure: configureMl }].map((s) => [s.name, s]),
);

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}

export function findStrategy(name: string): RegisteredStrategy {
  const def = STRATEGIES.get(name);
  if (!def) throw new UserError(`unknown strategy '${name}': expected one of ${strategyNames().join(", ")}`);
  return def;
}

/** Shorthand: the named strategy with checked parameters. */
export function configureStrategy(name: string, raw: Readonly<Record<string, unknown>> = {}): ConfiguredStrategy {
  return findStrategy(name).configure(raw);
}
