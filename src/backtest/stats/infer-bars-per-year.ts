import { TRADING_DAYS_PER_YEAR } from "./bars-per-year.ts";

const DAY_MS = 86_400_000;
const SESSION_MS = 6.5 * 3_600_000;

/**
 * Bars per trading year from the median spacing of the time line: 252 for daily bars,
 * 52 for weekly, 252 x bars per 6.5-hour session for intraday bars. 252 when unknown.
 */
export function inferBarsPerYear(times: ArrayLike<number>): number {
  if (times.length < 2) return TRADING_DAYS_PER_YEAR;
  const gaps: number[] = [];
  const step = Math.max(1, Math.floor(times.length / 1000));
  for (let i = step; i < times.length; i += step) gaps.push((times[i]! - times[i - step]!) / step);
  gaps.sort((a, b) => a - b);
  const spacing = gaps[Math.floor(gaps.length / 2)]!;
  if (!(spacing > 0)) return TRADING_DAYS_PER_YEAR;
  if (spacing >= 0.9 * DAY_MS) {
    // Daily bars skip weekends: a median under 1.5 days means daily.
    if (spacing < 1.5 * DAY_MS) return TRADING_DAYS_PER_YEAR;
    return Math.max(1, Math.round((365.25 * DAY_MS) / spacing));
  }
  return TRADING_DAYS_PER_YEAR * Math.ceil(SESSION_MS / spacing);
}
