import { barSizeMs, isDateBarSize, type Bar, type BarSize } from "./bar.ts";
import { newYorkOffsetMinutes } from "./calendar/new-york-time.ts";

const DAY = 86_400_000;
const MINUTE = 60_000;
const SESSION_OPEN = 9.5 * 3_600_000;

export type ResampleCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whether `from` bars can be combined into `to` bars: a larger size that a whole number of them fills. */
export function canResample(from: BarSize, to: BarSize): ResampleCheck {
  const a = barSizeMs(from);
  const b = barSizeMs(to);
  if (b <= a) return { ok: false, message: `can only combine bars into a larger size; ${from} -> ${to} is not larger` };
  if (isDateBarSize(from) || isDateBarSize(to)) return { ok: true }; // by trading date and week
  if (b % a !== 0) return { ok: false, message: `${to} is not a whole number of ${from} bars` };
  return { ok: true };
}

/** 00:00 UTC of the New York calendar date of an intraday instant (a daily bar's time). */
function newYorkDate(t: number): number {
  const local = t + newYorkOffsetMinutes(t) * MINUTE;
  return Math.floor(local / DAY) * DAY;
}

/** The start of `t`'s bucket of `size` ms, on a grid from that New York day's 09:30 open. */
function sessionBucket(t: number, size: number): number {
  const offset = newYorkOffsetMinutes(t) * MINUTE;
  const open = Math.floor((t + offset) / DAY) * DAY + SESSION_OPEN - offset;
  return open + Math.floor((t - open) / size) * size;
}

/** Monday 00:00 UTC of the week of a date key (00:00 UTC). */
function weekOf(dateKey: number): number {
  const weekday = new Date(dateKey).getUTCDay(); // 0 = Sunday
  return dateKey - ((weekday + 6) % 7) * DAY;
}

/**
 * Combines bars (time order) into larger ones, session-aware: intraday buckets start at each
 * New York day's 09:30 open (so 1h bars are 09:30-10:30 as IB makes them) and never span two
 * days; daily bars are New York trading dates; weekly bars run Monday to Friday and are dated
 * by their first trading date (a daily bar's convention). Open is the first bar's open, high
 * the highest high, low the lowest low, close the last close, volume the sum. A bucket with
 * missing bars (a halt, no trades) is built from those present.
 */
export function resampleBars(bars: readonly Bar[], from: BarSize, to: BarSize): Bar[] {
  const check = canResample(from, to);
  if (!check.ok) throw new RangeError(check.message);
  const dayOf = isDateBarSize(from) ? (t: number) => t : newYorkDate;
  const keyOf =
    to === "1w" ? (t: number) => weekOf(dayOf(t))
    : to === "1d" ? dayOf
    : (t: number) => sessionBucket(t, barSizeMs(to));
  const out: Bar[] = [];
  let key = Number.NaN;
  let current: { time: number; open: number; high: number; low: number; close: number; volume: number } | undefined;
  for (const bar of bars) {
    const k = keyOf(bar.time);
    if (current && k === key) {
      current.high = Math.max(current.high, bar.high);
      current.low = Math.min(current.low, bar.low);
      current.close = bar.close;
      current.volume += bar.volume;
      continue;
    }
    if (current) out.push(current);
    key = k;
    // Intraday and daily buckets carry their grid time; a week carries its first trading date.
    const time = to === "1w" ? dayOf(bar.time) : k;
    current = { time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
  }
  if (current) out.push(current);
  return out;
}
