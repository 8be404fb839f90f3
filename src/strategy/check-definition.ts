import type { StrategyDefinition } from "./api/public-types.ts";
import { isObjectSchema } from "./params.ts";

export const STRATEGY_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * What is wrong with a value a strategy file exported, one message per problem; empty when
 * it is a usable definition. The checks are the ones TypeScript cannot make for a .js file
 * or a file run without type checking.
 */
export function definitionProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null) {
    return ["it must export a strategy definition: export default defineStrategy({ name, description, params, create })"];
  }
  const def = value as Record<string, unknown>;
  const problems: string[] = [];
  const name = def["name"];
  if (typeof name !== "string" || !STRATEGY_NAME.test(name) || name.length > 40) {
    problems.push(`name must be lower-case words joined by '-' (at most 40 characters), e.g. "my-rsi", got ${JSON.stringify(name) ?? "nothing"}`);
  }
  if (typeof def["description"] !== "string") problems.push("description must be a string saying what the strategy does");
  const params = def["params"] as { kind?: unknown } | undefined;
  if (typeof params !== "object" || params === null || params.kind !== "schema") {
    problems.push("params must be a valibot schema, e.g. v.object({ period: v.optional(v.number(), 14) }) (v.object({}) for none)");
  } else if (!isObjectSchema(params)) {
    problems.push("params must be a valibot object schema, one entry per parameter: v.object({ period: v.optional(v.number(), 14) }) (v.object({}) for none)");
  }
  if (typeof def["create"] !== "function") problems.push("create must be a function (params, setup) returning { onBar(ctx) } (or { onStep(ctx) } for kind \"portfolio\")");
  const kind = def["kind"];
  if (kind !== undefined && kind !== "symbol" && kind !== "portfolio") problems.push(`kind must be "symbol" (the default) or "portfolio", got ${JSON.stringify(kind)}`);
  return problems;
}

export function isDefinition(value: unknown): value is StrategyDefinition {
  return definitionProblems(value).length === 0;
}
