import { barsFromArrays, type Bar } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import { INDICATORS, resolveIndicator, type IndicatorSpec } from "../../indicators/index.ts";
import { barColumns, runBatch } from "../../indicators/batch.ts";
import { loadBarSeries, type BarSource } from "./load-series.ts";

/** Without --only: every indicator once with TA-Lib's defaults, plus the common variants traders ask for. */
export const DEFAULT_INDICATORS: readonly string[] = [
  ...INDICATORS.map((d) => d.name),
  "sma_10", "sma_50", "sma_200", "ema_10", "ema_20", "ema_50", "bbands_20_2_2", "stoch_14_3_3", "stochrsi_14_14_3",
  "aroon_25", "cci_20", "adx_14", "correl_20",
];

/** Parses and checks the specs; every bad one is named, with the valid indicator names. */
export function resolveSpecs(specs: readonly string[]): IndicatorSpec[] {
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

export interface IndicatorTable {
  readonly time: readonly number[];
  /** "sma_10", "bbands_20_2_2.upper", ... -> values aligned to bar index, NaN while warming up. */
  readonly series: ReadonlyMap<string, Float64Array>;
}

/** Computes every spec over the bars (batch form); multi-output series are named id.output. */
export function computeIndicators(bars: readonly Bar[], specs: readonly IndicatorSpec[]): IndicatorTable {
  const columns = barColumns(bars);
  const series = new Map<string, Float64Array>();
  for (const spec of specs) {
    const ind = spec.def.create(spec.id, spec.params);
    const out = runBatch(ind, columns);
    for (const name of ind.outputs) series.set(ind.outputs.length === 1 ? spec.id : `${spec.id}.${name}`, out[name]!);
  }
  return { time: bars.map((b) => b.time), series };
}

export type { BarSource } from "./load-series.ts";

/**
 * Bars from --data FILE (the CSV importer's parser, every bad row reported) or --symbol (the
 * store, read-only, or the embedded SPX daily series when the store has none or does not exist).
 */
export async function loadIndicatorBars(config: Pick<AppConfig, "dataDir">, source: BarSource): Promise<readonly Bar[]> {
  return barsFromArrays(await loadBarSeries(config, source));
}
