/**
 * A calendar date with no time zone, as "YYYY-MM-DD". The exchange calendar works on New
 * York dates; arithmetic goes through whole days since 1970-01-01 (the "epoch day").
 */
export type IsoDate = string;

/** 0 = Sunday ... 6 = Saturday, as Date.getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD", or returns undefined when it is not a real calendar date. */
export function parseIsoDate(text: string): CivilDate | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const civil = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return formatIsoDate(fromEpochDay(epochDay(civil))) === text ? civil : undefined;
}

/** Like parseIsoDate, but throws a RangeError naming the bad value. */
export function requireIsoDate(text: string): CivilDate {
  const civil = parseIsoDate(text);
  if (!civil) throw new RangeError(`expected a date as YYYY-MM-DD, got '${text}'`);
  return civil;
}

export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function epochDay({ year, month, day }: CivilDate): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function fromEpochDay(days: number): CivilDate {
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: CivilDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay(date) + 4) % 7) + 7) % 7) as Weekday;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromEpochDay(epochDay(date) + days);
}

export function isoAddDays(date: IsoDate, days: number): IsoDate {
  return formatIsoDate(addDays(requireIsoDate(date), days));
}

/** The n-th (1-based) given weekday of a month: nthWeekday(2026, 11, 4, 4) is Thanksgiving. */
export function nthWeekday(year: number, month: number, weekday: Weekday, n: number): CivilDate {
  const first = weekdayOf({ year, month, day: 1 });
  return { year, month, day: 1 + ((weekday - first + 7) % 7) + 7 * (n - 1) };
}

/** The last given weekday of a month: lastWeekday(2026, 5, 1) is Memorial Day. */
export function lastWeekday(year: number, month: number, weekday: Weekday): CivilDate {
  const last = fromEpochDay(epochDay({ year, month: month + 1, day: 1 }) - 1);
  const back = (weekdayOf(last) - weekday + 7) % 7;
  return { year, month, day: last.day - back };
}
