import { describe, expect, test } from "bun:test";
import { addDays, formatIsoDate, lastWeekday, nthWeekday, parseIsoDate, weekdayOf } from "./civil-date.ts";

describe("civil dates", () => {
  test("parses real dates and rejects impossible ones", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("2023-02-29")).toBeUndefined();
    expect(parseIsoDate("2024-13-01")).toBeUndefined();
    expect(parseIsoDate("2024-1-01")).toBeUndefined();
    expect(parseIsoDate("yesterday")).toBeUndefined();
  });

  test("weekday of known dates", () => {
    expect(weekdayOf({ year: 1970, month: 1, day: 1 })).toBe(4);
    expect(weekdayOf({ year: 2000, month: 1, day: 1 })).toBe(6);
    expect(weekdayOf({ year: 2026, month: 11, day: 26 })).toBe(4);
    expect(weekdayOf({ year: 1969, month: 12, day: 31 })).toBe(3);
  });

  test("nth and last weekday of a month", () => {
    expect(formatIsoDate(nthWeekday(2026, 11, 4, 4))).toBe("2026-11-26");
    expect(formatIsoDate(nthWeekday(2024, 3, 0, 2))).toBe("2024-03-10");
    expect(formatIsoDate(lastWeekday(2024, 5, 1))).toBe("2024-05-27");
    expect(formatIsoDate(lastWeekday(2021, 5, 1))).toBe("2021-05-31");
    expect(formatIsoDate(lastWeekday(2024, 12, 2))).toBe("2024-12-31");
  });

  test("adding days crosses months, years and leap days", () => {
    expect(formatIsoDate(addDays({ year: 2024, month: 2, day: 28 }, 1))).toBe("2024-02-29");
    expect(formatIsoDate(addDays({ year: 2024, month: 12, day: 31 }, 1))).toBe("2025-01-01");
    expect(formatIsoDate(addDays({ year: 2025, month: 1, day: 1 }, -1))).toBe("2024-12-31");
  });
});
