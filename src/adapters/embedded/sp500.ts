// Real daily S&P 500 OHLCV, 2000-01-03 .. 2020-04-17, from the npm package vega-datasets
// (BSD-3-Clause). Imported from the installed package, embedded by `bun build --compile`; the
// text is loaded on first use (sp500-text.ts).
import type { BarArrays, SymbolBar } from "../../core/bar.ts";
import { parseBarsCsv } from "../csv/bars-csv-read.ts";
import { BarsCsvScanner } from "../csv/bars-csv-scan.ts";

export const EMBEDDED_SYMBOL = "SPX";
export const EMBEDDED_SOURCE = "vega-datasets data/sp500-2000.csv (BSD-3-Clause)";

let cache: readonly SymbolBar[] | undefined;
let columnsCache: BarArrays | undefined;

const csvText = () => (require("./sp500-text.ts") as { default: string }).default;

/** The embedded series as daily bars (time = 00:00 UTC of the trading date). */
export function embeddedBars(): readonly SymbolBar[] {
  cache ??= parse(csvText());
  return cache;
}

/**
 * The embedded series as columns, read by the columnar CSV reader: the same bars as
 * embeddedBars, without an object per bar (a backtest's regime index or benchmark reads this).
 * Shared: callers copy what they keep.
 */
export function embeddedColumns(): BarArrays {
  if (columnsCache) return columnsCache;
  const bytes = new TextEncoder().encode(csvText());
  const scanner = new BarsCsvScanner({ barSize: "1d" });
  scanner.feed(bytes, bytes.length, true);
  const result = scanner.finish();
  if (!result.ok) {
    const first = result.problems[0];
    throw new Error(`embedded sp500-2000.csv line ${first?.line}: ${first?.message} (${result.problems.length} problems)`);
  }
  columnsCache = result.bars;
  return columnsCache;
}

function parse(text: string): SymbolBar[] {
  const result = parseBarsCsv(text, { barSize: "1d" });
  if (!result.ok) {
    const first = result.problems[0];
    throw new Error(`embedded sp500-2000.csv line ${first?.line}: ${first?.message} (${result.problems.length} problems)`);
  }
  return result.bars.map((bar) => ({ symbol: EMBEDDED_SYMBOL, ...bar }));
}
