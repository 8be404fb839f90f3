export { formatIsoDate, isoAddDays, parseIsoDate, type CivilDate, type IsoDate } from "./civil-date.ts";
export { formatNewYork, fromNewYork, isNewYorkDst, isoDateOfDay, newYorkDayBounds, toNewYork, type NewYorkTime } from "./new-york-time.ts";
export { nyseEarlyCloses, nyseHolidays, type CalendarEntry } from "./nyse-holidays.ts";
export { daySchedule, nyseDay, type DaySchedule, type NyseDay } from "./nyse-day.ts";
export { SPECIAL_CLOSURES, SPECIAL_EARLY_CLOSES } from "./special-closures.ts";
export { isTradingDay, nextTradingDay, previousTradingDay, tradingDaysBetween } from "./trading-days.ts";
export { isSessionAllowed, MARKET_SESSIONS, sessionAt, type MarketSession, type SessionInfo } from "./session.ts";
