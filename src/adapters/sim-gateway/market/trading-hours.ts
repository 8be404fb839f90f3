import { ymd } from "./eastern-time.ts";

const DAY = 86_400_000;

/**
 * IB's hours strings for the week starting at `date` (00:00 UTC): "20200302:0930-20200302:1600;
 * 20200307:CLOSED;..." Days the replay calendar trades are open, other days CLOSED.
 * `open`/`close` are "HHMM": 0930-1600 liquid hours, 0400-2000 trading hours.
 */
export function hoursString(date: number, calendar: ReadonlySet<number>, open: string, close: string, days = 7): string {
  const parts: string[] = [];
  for (let i = 0; i < days; i++) {
    const d = date + i * DAY;
    parts.push(calendar.has(d) ? `${ymd(d)}:${open}-${ymd(d)}:${close}` : `${ymd(d)}:CLOSED`);
  }
  return parts.join(";");
}
