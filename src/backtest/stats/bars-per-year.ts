import { barSizeMs, type BarSize } from "../../core/bar.ts";

/** US equity trading days in a year. */
export const TRADING_DAYS_PER_YEAR = 252;

/**
 * Bars in a trading year for a bar size: 252 for daily bars; for intraday bars, 252 x the bars in
 * one session (regular hours are 6.5 h, so 7 hourly bars, 13 half-hour bars, 390 one-minute bars).
 * Pass sessionHours = 24 for markets that trade around the clock.
 */
export function barsPerYear(size: BarSize, sessionHours = 6.5): number {
  const ms = barSizeMs(size);
  if (ms >= 7 * 86_400_000) return 52;
  if (ms >= 86_400_000) return TRADING_DAYS_PER_YEAR;
  return TRADING_DAYS_PER_YEAR * Math.ceil((sessionHours * 3_600_000) / ms);
}
