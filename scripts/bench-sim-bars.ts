/** The bench's symbols B000..B099: each a rescaled copy of one of the simulator's series (scripts/bench-run.ts). */
import type { SymbolBar } from "../src/core/bar.ts";
import { SIMULATED_SYMBOLS } from "../src/adapters/sim-gateway/index.ts";
import { defaultBars } from "../src/adapters/sim-gateway/market/universe.ts";

export function benchSymbols(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `B${String(i).padStart(3, "0")}`);
}

export function benchBars(names: readonly string[]): (symbol: string) => readonly SymbolBar[] | undefined {
  const cache = new Map<string, SymbolBar[]>();
  return (symbol) => {
    const i = names.indexOf(symbol.toUpperCase());
    if (i < 0) return defaultBars(symbol);
    let rows = cache.get(symbol);
    if (!rows) {
      const scale = 1 + (i % 7) / 10;
      rows = (defaultBars(SIMULATED_SYMBOLS[i % SIMULATED_SYMBOLS.length]!) ?? []).map((b) => ({
        ...b, symbol, open: b.open * scale, high: b.high * scale, low: b.low * scale, close: b.close * scale,
      }));
      cache.set(symbol, rows);
    }
    return rows;
  };
}
