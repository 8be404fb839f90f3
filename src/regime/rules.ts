import type { RegimeLabel, Trend, Vol } from "./labels.ts";

export interface RulesOptions {
  /** SMA length for the trend (default 200 bars). */
  readonly smaLength?: number;
  /** Bars over which the SMA's slope is measured (default 20). */
  readonly slopeBars?: number;
  /** Bars of log returns in one realized-volatility reading (default 20). */
  readonly volWindow?: number;
  /** Past readings the current one is ranked against (default 252). */
  readonly volLookback?: number;
  /** Percentile bands: below `low` is low-vol, above `high` is high-vol (default 1/3, 2/3). */
  readonly low?: number;
  readonly high?: number;
}

/**
 * The rules regime of each bar, causal (bar t reads closes up to t only):
 * trend: bull when the close is above its SMA and the SMA is rising, bear when below and
 * falling, sideways otherwise; volatility: the percentile of the current realized volatility
 * among the previous `volLookback` readings, in three bands.
 */
export function rulesRegimes(closes: ArrayLike<number>, options: RulesOptions = {}): RegimeLabel[] {
  const smaLength = options.smaLength ?? 200;
  const slopeBars = options.slopeBars ?? 20;
  const volWindow = options.volWindow ?? 20;
  const volLookback = options.volLookback ?? 252;
  const lowBand = options.low ?? 1 / 3;
  const highBand = options.high ?? 2 / 3;
  const n = closes.length;
  const sma = new Float64Array(n).fill(NaN);
  let sum = 0;
  for (let t = 0; t < n; t++) {
    sum += closes[t]!;
    if (t >= smaLength) sum -= closes[t - smaLength]!;
    if (t >= smaLength - 1) sma[t] = sum / smaLength;
  }
  const vol = realizedVol(closes, volWindow);
  const out: RegimeLabel[] = [];
  for (let t = 0; t < n; t++) {
    out.push({ trend: trendAt(closes[t]!, sma, t, slopeBars), vol: volAt(vol, t, volLookback, lowBand, highBand) });
  }
  return out;
}

function trendAt(close: number, sma: Float64Array, t: number, slopeBars: number): Trend | undefined {
  const now = sma[t]!;
  const before = t >= slopeBars ? sma[t - slopeBars]! : NaN;
  if (Number.isNaN(now) || Number.isNaN(before)) return undefined;
  if (close > now && now > before) return "bull";
  if (close < now && now < before) return "bear";
  return "sideways";
}

function volAt(vol: Float64Array, t: number, lookback: number, low: number, high: number): Vol | undefined {
  const current = vol[t]!;
  if (Number.isNaN(current) || t < lookback) return undefined;
  let below = 0;
  let seen = 0;
  for (let s = t - lookback; s < t; s++) {
    const v = vol[s]!;
    if (Number.isNaN(v)) continue;
    seen++;
    if (v < current) below++;
  }
  if (seen < lookback / 2) return undefined;
  const rank = below / seen;
  return rank < low ? "low-vol" : rank > high ? "high-vol" : "normal-vol";
}

/** Standard deviation of the last `window` log returns at each bar (NaN until full), unannualized. */
function realizedVol(closes: ArrayLike<number>, window: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n).fill(NaN);
  let sum = 0;
  let sumSq = 0;
  const r = (i: number) => Math.log(closes[i]! / closes[i - 1]!);
  for (let t = 1; t < n; t++) {
    const x = r(t);
    sum += x;
    sumSq += x * x;
    if (t > window) {
      const old = r(t - window);
      sum -= old;
      sumSq -= old * old;
    }
    if (t >= window) {
      const mean = sum / window;
      out[t] = Math.sqrt(Math.max(0, (sumSq - window * mean * mean) / (window - 1)));
    }
  }
  return out;
}
