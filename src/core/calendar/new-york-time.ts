import {
  epochDay,
  formatIsoDate,
  fromEpochDay,
  lastWeekday,
  nthWeekday,
  requireIsoDate,
  type CivilDate,
  type IsoDate,
} from "./civil-date.ts";

/**
 * America/New_York wall time from computed US daylight-saving rules, so the calendar needs
 * no time-zone database and gives the same answer on every machine. Exact from 1967 on
 * (Uniform Time Act); earlier years use the 1967 rule.
 */
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const EST_OFFSET_MIN = -300;
const EDT_OFFSET_MIN = -240;

/** A New York wall-clock instant: its date and minutes since local midnight. */
export interface NewYorkTime {
  readonly date: IsoDate;
  readonly minutes: number;
  /** UTC offset in minutes: -240 (EDT) or -300 (EST). */
  readonly offsetMinutes: number;
}

/** First and last day of daylight time in a year (both change at 02:00 local). */
function dstDates(year: number): [CivilDate, CivilDate] {
  if (year >= 2007) return [nthWeekday(year, 3, 0, 2), nthWeekday(year, 11, 0, 1)];
  if (year >= 1987) return [nthWeekday(year, 4, 0, 1), lastWeekday(year, 10, 0)];
  if (year === 1974) return [{ year, month: 1, day: 6 }, lastWeekday(year, 10, 0)];
  if (year === 1975) return [{ year, month: 2, day: 23 }, lastWeekday(year, 10, 0)];
  return [lastWeekday(year, 4, 0), lastWeekday(year, 10, 0)];
}

const dstCache = new Map<number, readonly [number, number]>();

/** The UTC instants daylight time starts and ends in a year. */
export function dstInterval(year: number): readonly [number, number] {
  let hit = dstCache.get(year);
  if (!hit) {
    const [start, end] = dstDates(year);
    // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
    hit = [epochDay(start) * MS_PER_DAY + 7 * 3_600_000, epochDay(end) * MS_PER_DAY + 6 * 3_600_000];
    dstCache.set(year, hit);
  }
  return hit;
}

/** The UTC year last asked about and its DST interval: per-bar callers stay in one year for long. */
let yearFrom = Infinity;
let yearTo = -Infinity;
let yearDst: readonly [number, number] = [0, 0];

export function isNewYorkDst(epochMs: number): boolean {
  if (!(epochMs >= yearFrom && epochMs < yearTo)) {
    const year = new Date(epochMs).getUTCFullYear();
    yearFrom = Date.UTC(year, 0, 1);
    yearTo = Date.UTC(year + 1, 0, 1);
    yearDst = dstInterval(year);
  }
  // Both compared on every call: with \`&&\`, code optimized before the year's first daylight
  // time had never run the second comparison and was thrown away there (recompiled).
  const started = epochMs >= yearDst[0];
  const ended = epochMs >= yearDst[1];
  return started && !ended;
}

export function newYorkOffsetMinutes(epochMs: number): number {
  return isNewYorkDst(epochMs) ? EDT_OFFSET_MIN : EST_OFFSET_MIN;
}

export function toNewYork(epochMs: number): NewYorkTime {
  if (!Number.isFinite(epochMs)) throw new RangeError(`expected a finite epoch-ms time, got ${epochMs}`);
  const offsetMinutes = newYorkOffsetMinutes(epochMs);
  const local = epochMs + offsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  return {
    date: formatIsoDate(fromEpochDay(day)),
    minutes: Math.floor((local - day * MS_PER_DAY) / MS_PER_MINUTE),
    offsetMinutes,
  };
}

/**
 * The UTC instant of a New York wall time. In the repeated hour (autumn) the earlier,
 * daylight instant wins; a time in the skipped hour (spring) is read as standard time.
 */
export function fromNewYork(date: IsoDate, minutes: number): number {
  return fromNewYorkDay(epochDay(requireIsoDate(date)), minutes);
}

/** fromNewYork of the date `day` (whole days since 1970-01-01), without its date string. */
export function fromNewYorkDay(day: number, minutes: number): number {
  const wall = day * MS_PER_DAY + minutes * MS_PER_MINUTE;
  const asDaylight = wall - EDT_OFFSET_MIN * MS_PER_MINUTE;
  if (isNewYorkDst(asDaylight)) return asDaylight;
  return wall - EST_OFFSET_MIN * MS_PER_MINUTE;
}

/** "2026-11-27 13:00 EST" */
export function formatNewYork(epochMs: number): string {
  const t = toNewYork(epochMs);
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, "0");
  const mm = String(t.minutes % 60).padStart(2, "0");
  return `${t.date} ${hh}:${mm} ${t.offsetMinutes === EDT_OFFSET_MIN ? "EDT" : "EST"}`;
}

/**
 * The New York calendar day holding `epochMs`: its epoch-day number and its [start, end) in UTC
 * epoch ms (23 or 25 hours long on DST change days). Arithmetic only, for per-bar callers.
 */
export function newYorkDayBounds(epochMs: number): { readonly day: number; readonly start: number; readonly end: number } {
  const day = Math.floor((epochMs + newYorkOffsetMinutes(epochMs) * MS_PER_MINUTE) / MS_PER_DAY);
  const midnight = (d: number) => {
    const guess = d * MS_PER_DAY - EST_OFFSET_MIN * MS_PER_MINUTE;
    return d * MS_PER_DAY - newYorkOffsetMinutes(guess) * MS_PER_MINUTE;
  };
  return { day, start: midnight(day), end: midnight(day + 1) };
}

/** The ISO date of an epoch-day number ("2026-03-10"). */
export function isoDateOfDay(day: number): IsoDate {
  return formatIsoDate(fromEpochDay(day));
}
