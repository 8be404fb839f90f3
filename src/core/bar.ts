/**
 * One OHLCV bar. `time` is the bar's START in UTC epoch milliseconds. A daily bar's time
 * is 00:00 UTC of its trading date (the calendar date in New York), as IB dates daily bars.
 */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface SymbolBar extends Bar {
  readonly symbol: string;
}

/** Bars as columns (time strictly increasing): what feeds and stores pass without per-bar objects. */
export interface BarArrays {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Bars as columns. */
export function barArrays(bars: readonly Bar[]): BarArrays {
  return {
    time: Float64Array.from(bars, (b) => b.time),
    open: Float64Array.from(bars, (b) => b.open),
    high: Float64Array.from(bars, (b) => b.high),
    low: Float64Array.from(bars, (b) => b.low),
    close: Float64Array.from(bars, (b) => b.close),
    volume: Float64Array.from(bars, (b) => b.volume),
  };
}

/** Bar sizes robotrader stores; IB's strings ("1 day", "5 mins") map onto these. */
export const BAR_SIZES = ["1s", "5s", "1m", "5m", "15m", "30m", "1h", "1d", "1w"] as const;
export type BarSize = (typeof BAR_SIZES)[number];

const BAR_SIZE_MS: Record<BarSize, number> = {
  "1s": 1_000,
  "5s": 5_000,
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
  "1w": 7 * 86_400_000,
};

export function isBarSize(value: string): value is BarSize {
  return (BAR_SIZES as readonly string[]).includes(value);
}

export function barSizeMs(size: BarSize): number {
  return BAR_SIZE_MS[size];
}

/**
 * Bars dated by a trading date, not a time of day: daily bars, and weekly bars (00:00 UTC of
 * the week's first trading date, as `data resample` makes them and IB dates them).
 */
export function isDateBarSize(size: BarSize): boolean {
  return size === "1d" || size === "1w";
}

/** A bar that breaks OHLC rules, or undefined when it is sound. Used by import and live feeds. */
export function barProblem(bar: Bar): string | undefined {
  const { open, high, low, close, volume } = bar;
  // Checked in this order, without a list built per bar (live feeds check every 5-second bar).
  const price = (v: number) => Number.isFinite(v) && v > 0;
  const bad = !price(open) ? "open" : !price(high) ? "high" : !price(low) ? "low" : !price(close) ? "close" : undefined;
  if (bad !== undefined) return `'${bad}' must be a finite positive price, got ${bar[bad]}`;
  if (!Number.isFinite(volume) || volume < 0) return `'volume' must be a finite non-negative number, got ${volume}`;
  if (high < low) return `'high' must be >= 'low', got high=${high} low=${low}`;
  if (open < low || open > high) return `'open' must be within low..high, got open=${open} low=${low} high=${high}`;
  if (close < low || close > high) return `'close' must be within low..high, got close=${close} low=${low} high=${high}`;
  return undefined;
}

/** Columns -> row objects (small series, tests, reports); large series stay columns. */
export function barsFromArrays(a: BarArrays, from = 0, to = a.time.length): Bar[] {
  const out: Bar[] = new Array(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = { time: a.time[i]!, open: a.open[i]!, high: a.high[i]!, low: a.low[i]!, close: a.close[i]!, volume: a.volume[i]! };
  return out;
}
