// Real daily S&P 500 OHLCV, 2000-01-03 .. 2020-04-17, from the npm package vega-datasets
// (BSD-3-Clause). Imported from the installed package, embedded by `bun build --compile`; the
// text is loaded on first use (sp500-text.ts).
import type { SymbolBar } from "../../core/bar.ts";
import { parseBarsCsv } from "../csv/bars-csv-read.ts";

export const EMBEDDED_SYMBOL = "SPX";
export const EMBEDDED_SOURCE = "vega-datasets data/sp500-2000.csv (BSD-3-Clause)";

let cache: readonly SymbolBar[] | undefined;

/** The embedded series as daily bars (time = 00:00 UTC of the trading date). */
export function embeddedBars(): readonly SymbolBar[] {
  cache ??= parse((require("./sp500-text.ts") as { default: string }).default);
  return cache;
}

function parse(text: string): SymbolBar[] {
  const result = parseBarsCsv(text, { barSize: "1d" });
  if (!result.ok) {
    const first = result.problems[0];
    throw new Error(`embedded sp500-2000.csv line ${first?.line}: ${first?.message} (${result.problems.length} problems)`);
  }
  return result.bars.map((bar) => ({ symbol: EMBEDDED_SYMBOL, ...bar }));
}
