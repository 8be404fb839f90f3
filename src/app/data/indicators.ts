import { existsSync, readFileSync } from "node:fs";
import { parseBarsCsv } from "../../adapters/csv/index.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import type { Bar, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import { INDICATORS, resolveIndicator, type IndicatorSpec } from "../../indicators/mod.ts";
import { barColumns, runBatch } from "../../indicators/batch.ts";
import { databasePath } from "./store.ts";
import { loadBars } from "./load-bars.ts";

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

export interface BarSource {
  readonly symbol?: string | undefined;
  readonly data?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
}

/**
 * Bars from --data FILE (the CSV importer's parser, every bad row reported) or --symbol (the
 * store, read-only, or the embedded SPX daily series when the store has none or does not exist).
 */
export function loadIndicatorBars(config: Pick<AppConfig, "dataDir">, source: BarSource): readonly Bar[] {
  if (source.data !== undefined) {
    if (source.symbol !== undefined) throw new UserError("Give either --symbol or --data, not both");
    let text: string;
    try {
      text = readFileSync(source.data, "utf8");
    } catch (error) {
      throw new UserError(`Cannot read --data ${source.data}: ${(error as Error).message}`);
    }
    const parsed = parseBarsCsv(text, { barSize: source.barSize, ...(source.timeZone ? { timeZone: source.timeZone } : {}) });
    if (!parsed.ok) {
      const shown = parsed.problems.slice(0, 10).map((p) => `  ${source.data}:${p.line}: ${p.message}`);
      const more = parsed.problems.length > 10 ? `\n  ... and ${parsed.problems.length - 10} more` : "";
      // Daily bars are keyed by date: intraday rows read as 1d collide on their date.
      const hint =
        source.barSize === "1d" && parsed.problems.some((p) => p.message.startsWith("duplicate time"))
          ? "\n  (several bars share a date: for intraday bars give their size, e.g. --bar-size 5m)"
          : "";
      throw new UserError(`Cannot read bars from ${source.data}:\n${shown.join("\n")}${more}${hint}`);
    }
    return parsed.bars;
  }
  if (source.symbol === undefined) throw new UserError("Give --symbol SYMBOL (SPX is embedded) or --data FILE.csv");
  const file = databasePath(config);
  if (!existsSync(file)) return loadBars({ symbol: source.symbol, barSize: source.barSize }).bars;
  const db = openDatabase(file, { readonly: true });
  try {
    return loadBars({ db, symbol: source.symbol, barSize: source.barSize }).bars;
  } finally {
    db.close();
  }
}
