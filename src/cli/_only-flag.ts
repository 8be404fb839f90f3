import { UserError } from "../core/errors.ts";
import { INDICATORS, resolveIndicator, type IndicatorSpec } from "../indicators/index.ts";

/** --only: comma-separated indicator specs (sma_10,rsi_14); every bad one is named, with the valid names. */
export function parseOnlyFlag(text: string | undefined, defaults: readonly string[]): IndicatorSpec[] {
  return resolveSpecs(text !== undefined ? text.split(",") : defaults);
}

/** Parses and checks the specs; every bad one is named, with the valid indicator names. */
function resolveSpecs(specs: readonly string[]): IndicatorSpec[] {
  const good: IndicatorSpec[] = [];
  const errors: string[] = [];
  for (const text of specs) {
    if (text.trim() === "") continue;
    const r = resolveIndicator(text);
    if (r.ok) good.push(r.spec);
    else errors.push(r.error.replace(/; valid names: .*$/, ""));
  }
  if (errors.length > 0) {
    const valid = INDICATORS.map((d) => `${d.name}${d.params.map((p) => `_<${p.name}>`).join("")}`).join(", ");
    throw new UserError(`--only: ${errors.join("; ")}.\nValid indicators (parameters optional, TA-Lib defaults): ${valid}`);
  }
  if (good.length === 0) throw new UserError("--only: give at least one indicator name, e.g. --only sma_10,rsi_14");
  const seen = new Set<string>();
  return good.filter((s) => !seen.has(s.id) && seen.add(s.id));
}

