const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** 10000-01-01T00:00:00.000Z: past it `toISOString` writes six-digit years. */
const YEAR_10000 = 253_402_300_800_000;

/** The last day asked about (epoch-day number) and its "YYYY-MM-DDT". */
let lastDay = NaN;
let lastDayText = "";
/** "HH:MM:00.000Z" by minute of the day, made when first asked. */
const minuteTexts: string[] = [];

/**
 * `new Date(epochMs).toISOString()`, the same text, without a Date for a time on a whole minute
 * from 1970 on (a bar's end: a minute-bar backtest words thousands of refusals with one). The
 * day's and the minute's parts are each made once; any other time goes through the Date.
 */
export function isoTime(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < YEAR_10000) || epochMs % MINUTE_MS !== 0) return new Date(epochMs).toISOString();
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay) {
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  const minute = (epochMs - day * DAY_MS) / MINUTE_MS;
  return lastDayText + (minuteTexts[minute] ??= new Date(minute * MINUTE_MS).toISOString().slice(11));
}
