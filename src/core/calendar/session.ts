import type { IsoDate } from "./civil-date.ts";
import { newYorkDayBounds, toNewYork } from "./new-york-time.ts";
import { daySchedule, nyseDay, sessionBoundsOfDay, type DaySchedule, type SessionBounds } from "./nyse-day.ts";
import { nextTradingDay } from "./trading-days.ts";

export const MARKET_SESSIONS = ["pre-market", "regular", "after-hours", "closed"] as const;
export type MarketSession = (typeof MARKET_SESSIONS)[number];

/** Where an instant falls in the NYSE week. All instants are UTC epoch ms. */
export interface SessionInfo {
  readonly at: number;
  readonly session: MarketSession;
  /** The New York calendar date of `at`. */
  readonly tradingDay: IsoDate;
  readonly isTradingDay: boolean;
  readonly isEarlyClose: boolean;
  readonly holidayName?: string;
  readonly earlyCloseName?: string;
  /** Today's session boundaries; absent on weekends and holidays. */
  readonly schedule?: DaySchedule;
  /** The next regular-session open strictly after `at`. */
  readonly nextOpen: number;
  /** The close of the regular session under way, else of the next one. */
  readonly nextClose: number;
}

function sessionOf(at: number, s: SessionBounds | undefined): MarketSession {
  if (!s) return "closed";
  if (at < s.preMarketOpen) return "closed";
  if (at < s.regularOpen) return "pre-market";
  if (at < s.regularClose) return "regular";
  if (at < s.afterHoursClose) return "after-hours";
  return "closed";
}

/** Pure: the caller passes "now"; nothing here reads the clock. */
export function sessionAt(epochMs: number): SessionInfo {
  const date = toNewYork(epochMs).date;
  const day = nyseDay(date);
  const schedule = daySchedule(date);
  const upcoming = (): DaySchedule => daySchedule(nextTradingDay(date))!;
  const nextOpen = schedule && epochMs < schedule.regularOpen ? schedule.regularOpen : upcoming().regularOpen;
  const nextClose = schedule && epochMs < schedule.regularClose ? schedule.regularClose : upcoming().regularClose;
  return {
    at: epochMs,
    session: sessionOf(epochMs, schedule),
    tradingDay: date,
    isTradingDay: day.isTradingDay,
    isEarlyClose: day.isEarlyClose,
    ...(day.holidayName !== undefined ? { holidayName: day.holidayName } : {}),
    ...(day.earlyCloseName !== undefined ? { earlyCloseName: day.earlyCloseName } : {}),
    ...(schedule ? { schedule } : {}),
    nextOpen,
    nextClose,
  };
}

/** Whether orders may be sent at `epochMs` when only `allowed` sessions are permitted. */
export function isSessionAllowed(epochMs: number, allowed: readonly MarketSession[]): boolean {
  // sessionAt's session without its next open/close (a risk check asks this at every order):
  // the New York day last asked about is kept, so most calls make no date string or object.
  if (!(epochMs >= lastDayStart && epochMs < lastDayEnd)) {
    if (!Number.isFinite(epochMs)) throw new RangeError(`expected a finite epoch-ms time, got ${epochMs}`);
    const { day, start, end } = newYorkDayBounds(epochMs);
    lastDaySchedule = sessionBoundsOfDay(day) ?? CLOSED_ALL_DAY;
    lastDayStart = start;
    lastDayEnd = end;
  }
  return allowed.includes(sessionOf(epochMs, lastDaySchedule));
}

let lastDayStart = Infinity;
let lastDayEnd = -Infinity;
/**
 * A day the exchange is closed all day, as bounds sessionOf reads as "closed" at any time: the
 * last day's schedule is never undefined, so code optimized on trading days does not meet an
 * undefined at the first weekend (it did, and isSessionAllowed was compiled twice).
 */
const CLOSED_ALL_DAY: SessionBounds = { preMarketOpen: -Infinity, regularOpen: -Infinity, regularClose: -Infinity, afterHoursClose: -Infinity };
let lastDaySchedule: SessionBounds = CLOSED_ALL_DAY;
