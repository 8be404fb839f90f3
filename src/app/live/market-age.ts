import { daySchedule, isoAddDays, toNewYork } from "../../core/calendar/index.ts";

/** Past this many calendar days apart, two instants are simply far apart: no day-by-day count. */
const MAX_DAYS = 31;

/**
 * Regular-session time (NYSE trading days, 09:30 to the close, New York) between two
 * instants. A replay clock (the simulator, `--replay-clock`) walks only through sessions and
 * jumps from one close to the next open, so this is how much market time passed on it: the
 * last bar of a session arriving after the jump is seconds old, not 17 hours.
 */
export function sessionElapsedMs(from: number, to: number): number {
  if (to <= from) return to - from;
  const last = toNewYork(to).date;
  let day = toNewYork(from).date;
  let total = 0;
  for (let i = 0; day <= last; i++, day = isoAddDays(day, 1)) {
    if (i > MAX_DAYS) return to - from;
    const s = daySchedule(day);
    if (!s) continue;
    const a = Math.max(from, s.regularOpen);
    const b = Math.min(to, s.regularClose);
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * The market time a live bar's age is judged at (the data validator's stale check): the
 * run's market clock; on a replay clock, the bar's time plus the session time since it, so
 * a replay's jump over the night is no age.
 */
export function barAgeClock(marketNow: () => number, replay: boolean): (barTime: number) => number {
  return replay ? (barTime) => barTime + sessionElapsedMs(barTime, marketNow()) : () => marketNow();
}
