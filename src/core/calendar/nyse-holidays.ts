import {
  addDays,
  formatIsoDate,
  lastWeekday,
  nthWeekday,
  weekdayOf,
  type CivilDate,
  type IsoDate,
} from "./civil-date.ts";
import { easterSunday } from "./easter.ts";

/**
 * NYSE holiday and early-close rules, computed for any year (NYSE Rule 7.2). A holiday on
 * a Sunday is observed on Monday, on a Saturday on the Friday before, except New Year's
 * Day: a Saturday New Year is not observed at all, so the year's last day stays open.
 * Exact from 1999 on (MLK Day since 1998, the Christmas Eve early close since 1999); for
 * earlier years the older holidays and ad-hoc half days of those years are absent.
 */
export interface CalendarEntry {
  readonly date: IsoDate;
  readonly name: string;
}

function observed(date: CivilDate): CivilDate {
  const wd = weekdayOf(date);
  if (wd === 6) return addDays(date, -1);
  if (wd === 0) return addDays(date, 1);
  return date;
}

export function nyseHolidays(year: number): readonly CalendarEntry[] {
  const out: CalendarEntry[] = [];
  const add = (date: CivilDate | undefined, name: string) => {
    if (date) out.push({ date: formatIsoDate(date), name });
  };
  const newYear = { year, month: 1, day: 1 };
  add(weekdayOf(newYear) === 6 ? undefined : observed(newYear), "New Year's Day");
  if (year >= 1998) add(nthWeekday(year, 1, 1, 3), "Martin Luther King Jr. Day");
  add(year >= 1971 ? nthWeekday(year, 2, 1, 3) : observed({ year, month: 2, day: 22 }), "Washington's Birthday");
  add(addDays(easterSunday(year), -2), "Good Friday");
  add(year >= 1971 ? lastWeekday(year, 5, 1) : observed({ year, month: 5, day: 30 }), "Memorial Day");
  if (year >= 2022) add(observed({ year, month: 6, day: 19 }), "Juneteenth National Independence Day");
  add(observed({ year, month: 7, day: 4 }), "Independence Day");
  add(nthWeekday(year, 9, 1, 1), "Labor Day");
  add(nthWeekday(year, 11, 4, 4), "Thanksgiving Day");
  add(observed({ year, month: 12, day: 25 }), "Christmas Day");
  return out;
}

/**
 * Days the regular session ends at 13:00 ET: July 3 when it falls Monday to Thursday (a
 * Friday July 3 is itself the observed holiday; before 2013 a Wednesday July 3 stayed a
 * full day and Friday July 5 closed early instead), the day after Thanksgiving, and
 * December 24 when it falls Monday to Thursday. No early close precedes an observed
 * Friday holiday (2026-07-02 and 2021-12-23 were full days).
 */
export function nyseEarlyCloses(year: number): readonly CalendarEntry[] {
  const out: CalendarEntry[] = [];
  const add = (date: CivilDate, name: string) => out.push({ date: formatIsoDate(date), name });
  const july3 = { year, month: 7, day: 3 };
  const july3Weekday = weekdayOf(july3);
  if (july3Weekday === 3 && year < 2013) add({ year, month: 7, day: 5 }, "Day after Independence Day");
  else if (july3Weekday >= 1 && july3Weekday <= 4) add(july3, "Day before Independence Day");
  add(addDays(nthWeekday(year, 11, 4, 4), 1), "Day after Thanksgiving");
  const dec24 = { year, month: 12, day: 24 };
  const dec24Weekday = weekdayOf(dec24);
  if (dec24Weekday >= 1 && dec24Weekday <= 4) add(dec24, "Christmas Eve");
  return out;
}
