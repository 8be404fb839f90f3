import { epochDay, fromEpochDay, requireIsoDate, weekdayOf, type IsoDate } from "./civil-date.ts";
import { fromNewYorkDay } from "./new-york-time.ts";
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
export interface DaySchedule extends SessionBounds {
  readonly date: IsoDate;
}

/** The session boundaries of a trading day, UTC epoch ms. */
export interface SessionBounds {
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
  return { date, ...boundsOf(epochDay(requireIsoDate(date)), day.isEarlyClose) };
}

/** A trading day's boundaries from its epoch day: the four times, shortened on an early close. */
function boundsOf(day: number, isEarly: boolean): SessionBounds {
  return {
    preMarketOpen: fromNewYorkDay(day, PRE_MARKET_OPEN_MIN),
    regularOpen: fromNewYorkDay(day, REGULAR_OPEN_MIN),
    regularClose: fromNewYorkDay(day, isEarly ? EARLY_CLOSE_MIN : REGULAR_CLOSE_MIN),
    afterHoursClose: fromNewYorkDay(day, isEarly ? EARLY_AFTER_HOURS_CLOSE_MIN : AFTER_HOURS_CLOSE_MIN),
  };
}

/** Per year: the epoch days the exchange is closed (weekdays) and closes early, from the same tables as nyseDay. */
const yearDays = new Map<number, { readonly closed: ReadonlySet<number>; readonly early: ReadonlySet<number> }>();

function daysOf(year: number): { readonly closed: ReadonlySet<number>; readonly early: ReadonlySet<number> } {
  // Asked once a New York day; the year's sets are made once (kept out of this function, so its
  // optimized code is the lookup alone: docs/performance.md, engineer dfg).
  return yearDays.get(year) ?? computeDaysOf(year);
}

function computeDaysOf(year: number): { readonly closed: ReadonlySet<number>; readonly early: ReadonlySet<number> } {
  const tables = tablesFor(year);
  const inYear = (dates: Iterable<IsoDate>) => [...dates].map(requireIsoDate).filter((c) => c.year === year).map(epochDay);
  const closed = new Set([...inYear(SPECIAL_CLOSURES.keys()), ...inYear(tables.holidays.keys())]);
  // A closure wins over an early close (nyseDay asks about closures first).
  const early = new Set([...inYear(SPECIAL_EARLY_CLOSES.keys()), ...inYear(tables.earlyCloses.keys())].filter((d) => !closed.has(d)));
  const hit = { closed, early };
  yearDays.set(year, hit);
  return hit;
}

/**
 * daySchedule(isoDateOfDay(day)) without its date: the session boundaries of the New York date
 * `day` (whole days since 1970-01-01), undefined when the exchange is closed all day. No date
 * string is made or parsed: a risk check asks this on every new day of a backtest.
 */
export function sessionBoundsOfDay(day: number): SessionBounds | undefined {
  const civil = fromEpochDay(day);
  const weekday = weekdayOf(civil);
  if (weekday === 0 || weekday === 6) return undefined;
  const { closed, early } = daysOf(civil.year);
  if (closed.has(day)) return undefined;
  return boundsOf(day, early.has(day));
}
