import { UserError } from "../core/errors.ts";
import { LIBRARY } from "./library.ts";
import { ML_STRATEGY } from "./ml/ml.ts";
import { registerDefinition, type RegisteredStrategy } from "./configure.ts";
import type { ConfiguredStrategy } from "./types.ts";

export type { RegisteredStrategy } from "./configure.ts";

/** Every built-in strategy by name (strategy/library.ts lists them; ml trades a trained model). */
const STRATEGIES: ReadonlyMap<string, RegisteredStrategy> = new Map([...LIBRARY.map((d) => registerDefinition(d)), ML_STRATEGY].map((s) => [s.name, s]));

export function strategyNames(): string[] {
  return [...STRATEGIES.keys()];
}

export function builtInStrategies(): RegisteredStrategy[] {
  return [...STRATEGIES.values()];
}

export function findStrategy(name: string): RegisteredStrategy {
  const def = STRATEGIES.get(name);
  if (!def) throw new UserError(`unknown strategy '${name}': expected one of ${strategyNames().join(", ")}, or a strategy file (./my-strategy.ts)`);
  return def;
}

/** Shorthand: the named strategy with checked parameters. */
export function configureStrategy(name: string, raw: Readonly<Record<string, unknown>> = {}): ConfiguredStrategy {
  return findStrategy(name).configure(raw);
}
