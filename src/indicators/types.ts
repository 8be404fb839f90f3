/** What an indicator reads from a bar. Any Bar satisfies it. */
export interface BarInput {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * One indicator instance fed bar by bar (live and backtest). O(1) per update, no allocation.
 * Values are NaN until the indicator is warm (TA-Lib's lookback).
 */
export interface StreamingIndicator {
  /** Canonical name: lower-case TA-Lib name and parameters joined by "_", e.g. "bbands_20_2_2". */
  readonly id: string;
  /** Output names; one entry "value" for single-output indicators, else e.g. ["upper","middle","lower"]. */
  readonly outputs: readonly string[];
  /** Bars needed before the first valid value (TA-Lib lookback). */
  readonly lookback: number;
  /** Feeds one bar and returns output 0 of this bar (NaN while warming up). */
  update(bar: BarInput): number;
  /** Output k of the latest bar (NaN while warming up). */
  value(k?: number): number;
  reset(): void;
}

/** Column-oriented bars for batch computation (research, the `indicators` command). */
export interface BarColumns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}
