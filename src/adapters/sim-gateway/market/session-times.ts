import { easternToUtc } from "./eastern-time.ts";
import { SESSION_OPEN_SECONDS, SESSION_SECONDS } from "./intraday.ts";

/** Regular session of a trading date (00:00 UTC of the date): 09:30-16:00 New York. */
export const sessionOpen = (date: number) => easternToUtc(date, SESSION_OPEN_SECONDS);
export const sessionClose = (date: number) => easternToUtc(date, SESSION_OPEN_SECONDS + SESSION_SECONDS);
