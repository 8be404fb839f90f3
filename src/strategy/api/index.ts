// The public strategy API: what a strategy file gets from `import { defineStrategy, v } from "robotrader"`
// (a virtual module the loader registers at run time: public-api.ts) and what the built-in library imports too.
// The built-ins' `v.object(...)` are read here as property accesses, so the binary's start-up loads only the
// valibot functions some module uses (~15 KB), not all of valibot (130 KB): a strategy file's `v` is all of it.
import * as v from "valibot";
import type { ParamsSchema, PortfolioStrategyDefinition, SymbolStrategyDefinition } from "./public-types.ts";

export type * from "./public-types.ts";
export { v };

/** Marks a strategy definition and types its `create` from the params schema; returns it unchanged. */
export function defineStrategy<S extends ParamsSchema>(def: SymbolStrategyDefinition<S>): SymbolStrategyDefinition<S>;
export function defineStrategy<S extends ParamsSchema>(def: PortfolioStrategyDefinition<S>): PortfolioStrategyDefinition<S>;
export function defineStrategy<S extends ParamsSchema>(
  def: SymbolStrategyDefinition<S> | PortfolioStrategyDefinition<S>,
): SymbolStrategyDefinition<S> | PortfolioStrategyDefinition<S> {
  return def;
}
