import { TRENDS, VOLS, labelText, type RegimeLabel, type Trend, type Vol } from "./labels.ts";

/**
 * Which regimes allow entries. Names from one dimension are alternatives, the dimensions must
 * both match: "bull,sideways,low-vol" = (bull or sideways) and low-vol. A dimension not named
 * is not constrained. An unknown regime (warming up) allows no entry.
 */
export interface RegimeFilter {
  readonly trends: ReadonlySet<Trend>;
  readonly vols: ReadonlySet<Vol>;
  readonly text: string;
}

export type RegimeFilterResult = { readonly ok: true; readonly filter: RegimeFilter } | { readonly ok: false; readonly error: string };

export function parseRegimeFilter(text: string): RegimeFilterResult {
  const names = text.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s !== "");
  if (names.length === 0) return { ok: false, error: `give regime names, e.g. bull,low-vol (any of ${[...TRENDS, ...VOLS].join(", ")})` };
  const trends = new Set<Trend>();
  const vols = new Set<Vol>();
  for (const name of names) {
    if ((TRENDS as readonly string[]).includes(name)) trends.add(name as Trend);
    else if ((VOLS as readonly string[]).includes(name)) vols.add(name as Vol);
    else return { ok: false, error: `unknown regime '${name}'; expected any of ${[...TRENDS, ...VOLS].join(", ")}` };
  }
  return { ok: true, filter: { trends, vols, text: names.join(",") } };
}

export function allows(filter: RegimeFilter, label: RegimeLabel | undefined): boolean {
  if (!label) return false;
  if (filter.trends.size > 0 && (label.trend === undefined || !filter.trends.has(label.trend))) return false;
  if (filter.vols.size > 0 && (label.vol === undefined || !filter.vols.has(label.vol))) return false;
  return true;
}

export { labelText };
