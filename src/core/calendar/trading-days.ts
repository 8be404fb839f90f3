import { epochDay, isoAddDays, requireIsoDate, type IsoDate } from "./civil-date.ts";
import { nyseDay } from "./nyse-day.ts";

/** The longest run of closed days NYSE has had since 1985 is 6 (2001-09-11..16); 14 is ample. */
const MAX_CLOSED_RUN = 14;

export function isTradingDay(date: IsoDate): boolean {
  return nyseDay(date).isTradingDay;
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: IsoDate): IsoDate {
  return stepToTradingDay(date, 1);
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: IsoDate): IsoDate {
  return stepToTradingDay(date, -1);
}

function stepToTradingDay(date: IsoDate, step: 1 | -1): IsoDate {
  let d = date;
  for (let i = 0; i < MAX_CLOSED_RUN; i++) {
    d = isoAddDays(d, step);
    if (isTradingDay(d)) return d;
  }
  throw new Error(`calendar: no trading day within ${MAX_CLOSED_RUN} days of ${date}`);
}

/** Trading days from `from` to `to`, both included, in order; empty when from > to. */
export function tradingDaysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const span = epochDay(requireIsoDate(to)) - epochDay(requireIsoDate(from));
  const out: IsoDate[] = [];
  for (let i = 0; i <= span; i++) {
    const d = isoAddDays(from, i);
    if (isTradingDay(d)) out.push(d);
  }
  return out;
}
