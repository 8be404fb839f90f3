import { maskText } from "../../../log/mask.ts";

/**
 * Every string inside a value with account ids masked (DU1234567 -> DU12****): the last
 * guard before anything reaches the page or the API, whatever a row's free text holds.
 */
export function maskDeep(value: unknown): unknown {
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}
