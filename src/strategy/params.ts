import { UserError } from "../core/errors.ts";
import type { ParamSpec } from "./types.ts";

/**
 * Reads one whole-number parameter (> 0) from raw flags, with the spec's default when absent.
 * Accepts numbers and numeric strings ("10"); anything else is a UserError naming the strategy.
 */
export function intParam(strategy: string, raw: Readonly<Record<string, unknown>>, spec: ParamSpec): number {
  const value = raw[spec.name];
  if (value === undefined || value === null || value === "") return spec.default;
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0) {
    throw new UserError(`strategy ${strategy}: --${spec.name} must be a whole number > 0, got '${String(value)}'`);
  }
  return n;
}
