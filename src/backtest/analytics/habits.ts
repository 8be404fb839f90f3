import type { TradeRecord } from "../types.ts";

export interface TradeHabits {
  /** Mean time from entry to exit of closed trades, in bars of the run's time line and in days. */
  readonly averageHoldingBars: number | null;
  readonly averageHoldingDays: number | null;
  /** Entries per weekday (UTC date of the entry bar), Sunday first. */
  readonly tradesByWeekday: readonly number[];
  /** Entries per hour of the day (UTC); all at 0 for daily bars. */
  readonly tradesByHour: readonly number[];
}

/** How the run traded: holding times and when entries happened. */
export function tradeHabits(trades: readonly TradeRecord[], timeline: ArrayLike<number>): TradeHabits {
  const weekday = new Array<number>(7).fill(0);
  const hour = new Array<number>(24).fill(0);
  let bars = 0;
  let ms = 0;
  let closed = 0;
  for (const t of trades) {
    const d = new Date(t.entryTime);
    weekday[d.getUTCDay()]!++;
    hour[d.getUTCHours()]!++;
    if (t.exitTime === null) continue;
    closed++;
    ms += t.exitTime - t.entryTime;
    bars += indexOf(timeline, t.exitTime) - indexOf(timeline, t.entryTime);
  }
  return {
    averageHoldingBars: closed > 0 ? bars / closed : null,
    averageHoldingDays: closed > 0 ? ms / closed / 86_400_000 : null,
    tradesByWeekday: weekday,
    tradesByHour: hour,
  };
}

/** Index of the last time <= t (binary search). */
function indexOf(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
