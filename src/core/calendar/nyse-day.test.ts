import { describe, expect, test } from "bun:test";
import { epochDay } from "./civil-date.ts";
import { isoDateOfDay } from "./new-york-time.ts";
import { daySchedule, sessionBoundsOfDay } from "./nyse-day.ts";

describe("sessionBoundsOfDay", () => {
  test("is daySchedule without its date, on every day from 1966 through 2030", () => {
    const from = epochDay({ year: 1966, month: 1, day: 1 });
    const to = epochDay({ year: 2030, month: 12, day: 31 });
    let trading = 0;
    for (let day = from; day <= to; day++) {
      const schedule = daySchedule(isoDateOfDay(day));
      const expected = schedule && { preMarketOpen: schedule.preMarketOpen, regularOpen: schedule.regularOpen, regularClose: schedule.regularClose, afterHoursClose: schedule.afterHoursClose };
      const bounds = sessionBoundsOfDay(day);
      if (!Bun.deepEquals(bounds, expected)) expect({ date: isoDateOfDay(day), bounds }).toEqual({ date: isoDateOfDay(day), bounds: expected });
      if (bounds) trading++;
    }
    // Weekends, holidays and one-off closures are closed; early closes end at 13:00 (checked above, value by value).
    expect(trading).toBeGreaterThan(16_000);
    expect(sessionBoundsOfDay(epochDay({ year: 2001, month: 9, day: 11 }))).toBeUndefined();
    expect(sessionBoundsOfDay(epochDay({ year: 2003, month: 12, day: 26 }))!.regularClose).toBe(Date.UTC(2003, 11, 26, 18, 0));
  });
});
