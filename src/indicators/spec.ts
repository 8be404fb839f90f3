import type { IndicatorDef } from "./_def.ts";

/** A parsed indicator name such as "bbands_20_2_2": its definition and full parameter list. */
export interface IndicatorSpec {
  readonly def: IndicatorDef;
  /** Every parameter, defaults filled in for omitted trailing ones. */
  readonly params: readonly number[];
  /** Canonical name: lower-case TA-Lib name and parameters joined by "_" (default MA types left out). */
  readonly id: string;
}

export type SpecResult = { readonly ok: true; readonly spec: IndicatorSpec } | { readonly ok: false; readonly error: string };

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Parses "name[_p1[_p2...]]" against the definitions. Omitted trailing parameters take their
 * defaults; a wrong count, a non-number or an out-of-range value is an error naming the
 * parameter and its allowed range.
 */
export function parseSpec(text: string, defs: readonly IndicatorDef[]): SpecResult {
  const raw = text.trim().toLowerCase();
  const byLength = [...defs].sort((a, b) => b.name.length - a.name.length);
  const def = byLength.find((d) => raw === d.name || (raw.startsWith(d.name + "_") && raw.slice(d.name.length + 1).split("_").every((p) => NUMBER.test(p))));
  if (!def) {
    return { ok: false, error: `unknown indicator '${text}'; valid names: ${defs.map((d) => d.name).join(", ")}` };
  }
  const given = raw === def.name ? [] : raw.slice(def.name.length + 1).split("_");
  const usage = `${def.name}${def.params.map((p) => `_<${p.name}>`).join("")}`;
  if (given.length > def.params.length) {
    return { ok: false, error: `'${text}': ${def.name} takes ${def.params.length} parameter(s) (${usage}), got ${given.length}` };
  }
  const params: number[] = [];
  for (const [i, p] of def.params.entries()) {
    const s = given[i];
    const value = s === undefined ? p.default : Number(s);
    if (p.integer && !Number.isInteger(value)) {
      return { ok: false, error: `'${text}': ${def.name} parameter '${p.name}' must be a whole number, got ${s}` };
    }
    if (!(value >= p.min && value <= p.max)) {
      return { ok: false, error: `'${text}': ${def.name} parameter '${p.name}' must be within ${p.min}..${p.max}, got ${s}` };
    }
    if (p.allowed && !p.allowed.includes(value)) {
      return { ok: false, error: `'${text}': ${def.name} parameter '${p.name}' must be one of ${p.allowed.join(", ")}, got ${s}` };
    }
    params.push(value);
  }
  let shown = params.length;
  while (shown > 0 && def.params[shown - 1]!.optional && params[shown - 1] === def.params[shown - 1]!.default) shown--;
  const id = [def.name, ...params.slice(0, shown).map(String)].join("_");
  return { ok: true, spec: { def, params, id } };
}
