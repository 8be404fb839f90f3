// Real daily S&P 500 OHLCV, 2000-01-03 .. 2020-04-17, from the npm package vega-datasets
// (BSD-3-Clause). Imported from the installed package, embedded by `bun build --compile`.
import csvText from "../../../node_modules/vega-datasets/data/sp500-2000.csv" with { type: "text" };
import type { SymbolBar } from "../../core/bar.ts";

export const EMBEDDED_SYMBOL = "SPX";
export const EMBEDDED_SOURCE = "vega-datasets data/sp500-2000.csv (BSD-3-Clause)";

let cache: readonly SymbolBar[] | undefined;

/** The embedded series as daily bars (time = 00:00 UTC of the trading date). */
export function embeddedBars(): readonly SymbolBar[] {
  cache ??= parse(csvText);
  return cache;
}

function parse(text: string): SymbolBar[] {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]?.split(",") ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`embedded sp500-2000.csv: missing column '${name}'`);
    return i;
  };
  const [d, o, h, l, c, v] = ["date", "open", "high", "low", "close", "volume"].map(col) as [number, number, number, number, number, number];
  const bars: SymbolBar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(",");
    bars.push({
      symbol: EMBEDDED_SYMBOL,
      time: Date.parse(`${f[d]}T00:00:00Z`),
      open: Number(f[o]),
      high: Number(f[h]),
      low: Number(f[l]),
      close: Number(f[c]),
      volume: Number(f[v]),
    });
  }
  return bars;
}
