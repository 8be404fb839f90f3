import { createHash } from "node:crypto";
import { resolveIndicator } from "../../indicators/index.ts";

/**
 * A named, versioned list of features computed from bars. Its hash (the spec plus the
 * feature code's version) travels with every model: a model only scores features made by
 * the same spec and code.
 */
export interface FeatureSpec {
  readonly name: string;
  readonly version: number;
  /** Indicator ids from the registry ("rsi_14", "bbands_20_2_2"); price-level ones are taken relative to close. */
  readonly indicators: readonly string[];
  /** Log returns of close over these horizons (bars). */
  readonly returns: readonly number[];
  /** Realized volatility (per bar) over these windows. */
  readonly volatility: readonly number[];
  /** Volume z-score over these windows. */
  readonly volumeZ: readonly number[];
  /** Body and wicks as shares of the bar's range, and range over close. */
  readonly barShape: boolean;
  /** Day of week and month of the bar's date. */
  readonly calendar: boolean;
  /** Cross-asset: the market index's returns and volatility and the symbol's relative strength. */
  readonly market?: { readonly symbol: string; readonly returns: readonly number[]; readonly volatility: number; readonly strength: number };
  /**
   * Rules regime (docs/regime.md) of the symbol, and of the market index when `market` is set:
   * trend -1 bear / 0 sideways / 1 bull, volatility band 0 low / 1 normal / 2 high; NaN while warming up.
   */
  readonly regime?: boolean;
}

/** Bumped whenever the code that turns a spec into numbers changes what it computes. */
export const FEATURE_CODE_VERSION = 1;

export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  name: "default",
  version: 1,
  indicators: ["rsi_14", "macd_12_26_9", "bbands_20_2_2", "natr_14", "adx_14", "cci_20", "willr_14", "mfi_14", "stochrsi_14_14_3"],
  returns: [1, 2, 5, 10, 20],
  volatility: [10, 20],
  volumeZ: [20],
  barShape: true,
  calendar: true,
};

export function withMarket(spec: FeatureSpec, symbol: string): FeatureSpec {
  return { ...spec, market: { symbol, returns: [1, 5], volatility: 20, strength: 20 } };
}

/** Short stable hash of the spec's content and the feature code version. */
export function featureSpecHash(spec: FeatureSpec): string {
  const canonical = JSON.stringify([
    FEATURE_CODE_VERSION, spec.name, spec.version, spec.indicators, spec.returns, spec.volatility, spec.volumeZ, spec.barShape, spec.calendar,
    spec.market ? [spec.market.symbol, spec.market.returns, spec.market.volatility, spec.market.strength] : null,
    // Only when set, so the hashes of specs (and models) from before regime features stay the same.
    ...(spec.regime ? [["regime", 1]] : []),
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

const positiveInts = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 1 && n <= 10_000);

/** Checks a spec read from JSON; the error names the field. */
export function parseFeatureSpec(raw: unknown): { ok: true; spec: FeatureSpec } | { ok: false; error: string } {
  if (typeof raw !== "object" || raw === null) return { ok: false, error: "feature spec: expected a JSON object" };
  const r = raw as Record<string, unknown>;
  if (typeof r["name"] !== "string" || r["name"] === "") return { ok: false, error: "feature spec: 'name' must be a non-empty string" };
  if (!Number.isInteger(r["version"])) return { ok: false, error: "feature spec: 'version' must be a whole number" };
  const ind = r["indicators"] ?? [];
  if (!Array.isArray(ind) || !ind.every((s) => typeof s === "string")) return { ok: false, error: "feature spec: 'indicators' must be a list of indicator ids" };
  const ids: string[] = [];
  for (const s of ind as string[]) {
    const res = resolveIndicator(s);
    if (!res.ok) return { ok: false, error: `feature spec: indicators: ${res.error}` };
    ids.push(res.spec.id);
  }
  for (const key of ["returns", "volatility", "volumeZ"] as const) {
    if (!positiveInts(r[key] ?? [])) return { ok: false, error: `feature spec: '${key}' must be a list of whole numbers 1..10000` };
  }
  const spec: FeatureSpec = {
    name: r["name"] as string,
    version: r["version"] as number,
    indicators: ids,
    returns: (r["returns"] ?? []) as number[],
    volatility: (r["volatility"] ?? []) as number[],
    volumeZ: (r["volumeZ"] ?? []) as number[],
    barShape: r["barShape"] === true,
    calendar: r["calendar"] === true,
    ...(r["regime"] === true ? { regime: true } : {}),
  };
  const m = r["market"];
  if (m === undefined) return { ok: true, spec };
  if (typeof m !== "object" || m === null || typeof (m as Record<string, unknown>)["symbol"] !== "string") return { ok: false, error: "feature spec: 'market' must be an object with a 'symbol'" };
  const mm = m as Record<string, unknown>;
  if (!positiveInts(mm["returns"]) || !positiveInts([mm["volatility"]]) || !positiveInts([mm["strength"]])) {
    return { ok: false, error: "feature spec: market needs 'returns' (list), 'volatility' and 'strength' (whole numbers)" };
  }
  return { ok: true, spec: { ...spec, market: { symbol: mm["symbol"] as string, returns: mm["returns"] as number[], volatility: mm["volatility"] as number, strength: mm["strength"] as number } } };
}
