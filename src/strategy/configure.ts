import type { ParamsSchema, StrategyDefinition } from "./api/public-types.ts";
import { describeParams, parseParams } from "./params.ts";
import type { ConfiguredStrategy, ParamInfo, PortfolioStrategy, Strategy } from "./types.ts";

/** A strategy definition known by name: built in, or loaded from a file. */
export interface RegisteredStrategy {
  readonly name: string;
  readonly description: string;
  readonly kind: "symbol" | "portfolio";
  readonly params: readonly ParamInfo[];
  /** The parameters' schema (strategy check tries its defaults); absent for one not defined by a schema. */
  readonly schema?: ParamsSchema;
  /** The file it was loaded from; undefined for a built-in one. */
  readonly file?: string;
  /** Checks raw parameters (flags, config, a walk-forward grid point); throws UserError on bad ones. */
  configure(raw: Readonly<Record<string, unknown>>): ConfiguredStrategy;
}

/** Wraps a public definition so the engine can run it. */
export function registerDefinition(def: StrategyDefinition, file?: string): RegisteredStrategy {
  return {
    name: def.name,
    description: def.description,
    kind: def.kind === "portfolio" ? "portfolio" : "symbol",
    params: describeParams(def.params),
    schema: def.params,
    ...(file !== undefined ? { file } : {}),
    configure(raw) {
      const params = parseParams(def.name, def.params, raw);
      const from = file !== undefined ? { file } : {};
      if (def.kind === "portfolio") {
        return {
          name: def.name,
          params,
          ...from,
          create: () => {
            throw new Error(`strategy ${def.name} is a portfolio strategy: one instance runs over all symbols`);
          },
          // The public types are the engine's types seen through narrower windows.
          createPortfolio: (setup) => def.create(params, setup) as PortfolioStrategy,
        };
      }
      return { name: def.name, params, ...from, create: (setup) => def.create(params, setup) as Strategy };
    },
  };
}
