import { requireIsoDate, weekdayOf, type IsoDate } from "./civil-date.ts";
import { fromNewYork } from "./new-york-time.ts";
import { nyseEarlyCloses, nyseHolidays } from "./nyse-holidays.ts";
import { SPECIAL_CLOSURES, SPECIAL_EARLY_CLOSES } from "./special-closures.ts";

/** Session boundaries in minutes after New York midnight. */
export const PRE_MARKET_OPEN_MIN = 4 * 60;
export const REGULAR_OPEN_MIN = 9 * 60 + 30;
export const REGULAR_CLOSE_MIN = 16 * 60;
export const EARLY_CLOSE_MIN = 13 * 60;
export const AFTER_HOURS_CLOSE_MIN = 20 * 60;
export const EARLY_AFTER_HOURS_CLOSE_MIN = 17 * 60;

/** What the exchange does on one New York calendar date. */
export interface NyseDay {
  readonly date: IsoDate;
  readonly isTradingDay: boolean;
  readonly isWeekend: boolean;
  /** Set when a weekday is closed: a holiday or a one-off closure. */
  readonly holidayName?: string;
  readonly isEarlyClose: boolean;
  readonly earlyCloseName?: string;
}

/** A trading day's session boundaries as UTC epoch ms. */
export interface DaySchedule {
  readonly date: IsoDate;
  readonly preMarketOpen: number;
  readonly regularOpen: number;
  readonly regularClose: number;
  readonly afterHoursClose: number;
}

interface YearTables {
  readonly holidays: ReadonlyMap<IsoDate, string>;
  readonly earlyCloses: ReadonlyMap<IsoDate, string>;
}

const yearCache = new Map<number, YearTables>();

function tablesFor(year: number): YearTables {
  let hit = yearCache.get(year);
  if (!hit) {
    hit = {
      holidays: new Map(nyseHolidays(year).map((e) => [e.date, e.name])),
      earlyCloses: new Map(nyseEarlyCloses(year).map((e) => [e.date, e.name])),
    };
    yearCache.set(year, hit);
  }
  return hit;
}

// Memos by date (pure functions of it): a backtest asks for the same few days on every bar.
const MEMO_LIMIT = 4096;
const dayMemo = new Map<IsoDate, NyseDay>();
const scheduleMemo = new Map<IsoDate, DaySchedule | undefined>();

function remember<T>(memo: Map<IsoDate, T>, date: IsoDate, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(date, value);
  return value;
}

export function nyseDay(date: IsoDate): NyseDay {
  return dayMemo.get(date) ?? remember(dayMemo, date, computeNyseDay(date));
}

function computeNyseDay(date: IsoDate): NyseDay {
  const civil = requireIsoDate(date);
  const weekday = weekdayOf(civil);
  const isWeekend = weekday === 0 || weekday === 6;
  if (isWeekend) return { date, isTradingDay: false, isWeekend, isEarlyClose: false };
  const tables = tablesFor(civil.year);
  const holidayName = SPECIAL_CLOSURES.get(date) ?? tables.holidays.get(date);
  if (holidayName !== undefined) return { date, isTradingDay: false, isWeekend, holidayName, isEarlyClose: false };
  const earlyCloseName = SPECIAL_EARLY_CLOSES.get(date) ?? tables.earlyCloses.get(date);
  if (earlyCloseName !== undefined) return { date, isTradingDay: true, isWeekend, isEarlyClose: true, earlyCloseName };
  return { date, isTradingDay: true, isWeekend, isEarlyClose: false };
}

/** Session boundaries for a trading day, or undefined when the exchange is closed all day. */
export function daySchedule(date: IsoDate): DaySchedule | undefined {
  return scheduleMemo.has(date) ? scheduleMemo.get(date) : remember(scheduleMemo, date, computeDaySchedule(date));
}

function computeDaySchedule(date: IsoDate): DaySchedule | undefined {
  const day = nyseDay(date);
  if (!day.isTradingDay) return undefined;
  return {
    date,
    preMarketOpen: fromNewYork(date, PRE_MARKET_OPEN_MIN),
    regularOpen: fromNewYork(date, REGULAR_OPEN_MIN),
    regularClose: fromNewYork(date, day.isEarlyClose ? EARLY_CLOSE_MIN : REGULAR_CLOSE_MIN),
    afterHoursClose: fromNewYork(date, day.isEarlyClose ? EARLY_AFTER_HOURS_CLOSE_MIN : AFTER_HOURS_CLOSE_MIN),
  };
}
