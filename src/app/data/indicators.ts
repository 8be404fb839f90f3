import { barsFromArrays, type Bar } from "../../core/bar.ts";
import type { AppConfig } from "../../config/schema.ts";
import { INDICATORS, type IndicatorSpec } from "../../indicators/index.ts";
import { barColumns, runBatch } from "../../indicators/batch.ts";
import { loadBarSeries, type BarSource } from "./load-series.ts";

/** Without --only: every indicator once with TA-Lib's defaults, plus the common variants traders ask for. */
export const DEFAULT_INDICATORS: readonly string[] = [
  ...INDICATORS.map((d) => d.name),
  "sma_10", "sma_50", "sma_200", "ema_10", "ema_20", "ema_50", "bbands_20_2_2", "stoch_14_3_3", "stochrsi_14_14_3",
  "aroon_25", "cci_20", "adx_14", "correl_20",
];

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
