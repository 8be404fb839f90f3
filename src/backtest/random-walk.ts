import { xorshift32 } from "../core/seeded-random.ts";
import type { SymbolSeries } from "./historical-feed.ts";

/**
 * Synthetic daily bars: a seeded, mildly mean-reverting random walk (about 1% daily moves) with sound
 * OHLC, prices on a cent tick like real US stocks. For benchmarks and tests only; never
 * shown to a user as market data.
 */
export function randomWalkSeries(symbol: string, bars: number, seed: number, start = Date.UTC(2000, 0, 3)): SymbolSeries {
  const rand = xorshift32(seed); // fast, deterministic, good enough for price paths
  const s: SymbolSeries = {
    symbol,
    time: new Float64Array(bars),
    open: new Float64Array(bars),
    high: new Float64Array(bars),
    low: new Float64Array(bars),
    close: new Float64Array(bars),
    volume: new Float64Array(bars),
  };
  let price = 100;
  for (let i = 0; i < bars; i++) {
    // A slight pull towards 100 keeps a million-bar path in a realistic price range.
    const drift = -0.002 * Math.log(price / 100);
    const open = cents(price * (1 + (rand() - 0.5) * 0.004));
    const close = cents(open * (1 + drift + (rand() - 0.5) * 0.035));
    const high = cents(Math.max(open, close) * (1 + rand() * 0.005));
    const low = cents(Math.min(open, close) * (1 - rand() * 0.005));
    s.time[i] = start + i * 86_400_000;
    s.open[i] = open;
    s.high[i] = high;
    s.low[i] = low;
    s.close[i] = close;
    s.volume[i] = 1_000_000 + Math.floor(rand() * 1_000_000);
    price = close;
  }
  return s;
}

function cents(price: number): number {
  return Math.max(0.01, Math.round(price * 100) / 100);
}
