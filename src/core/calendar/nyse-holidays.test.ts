import { describe, expect, test } from "bun:test";
import { parseIsoDate, weekdayOf } from "./civil-date.ts";
import { nyseEarlyCloses, nyseHolidays } from "./nyse-holidays.ts";
import { nyseDay } from "./nyse-day.ts";
import { isTradingDay } from "./trading-days.ts";

// From NYSE's published holiday and early-closing calendars.
const PUBLISHED: Record<number, { holidays: string[]; early: string[] }> = {
  2002: { holidays: ["01-01", "01-21", "02-18", "03-29", "05-27", "07-04", "09-02", "11-28", "12-25"], early: ["07-05", "11-29", "12-24"] },
  2013: { holidays: ["01-01", "01-21", "02-18", "03-29", "05-27", "07-04", "09-02", "11-28", "12-25"], early: ["07-03", "11-29", "12-24"] },
  2015: { holidays: ["01-01", "01-19", "02-16", "04-03", "05-25", "07-03", "09-07", "11-26", "12-25"], early: ["11-27", "12-24"] },
  2016: { holidays: ["01-01", "01-18", "02-15", "03-25", "05-30", "07-04", "09-05", "11-24", "12-26"], early: ["11-25"] },
  2019: { holidays: ["01-01", "01-21", "02-18", "04-19", "05-27", "07-04", "09-02", "11-28", "12-25"], early: ["07-03", "11-29", "12-24"] },
  2020: { holidays: ["01-01", "01-20", "02-17", "04-10", "05-25", "07-03", "09-07", "11-26", "12-25"], early: ["11-27", "12-24"] },
  2021: { holidays: ["01-01", "01-18", "02-15", "04-02", "05-31", "07-05", "09-06", "11-25", "12-24"], early: ["11-26"] },
  2022: { holidays: ["01-17", "02-21", "04-15", "05-30", "06-20", "07-04", "09-05", "11-24", "12-26"], early: ["11-25"] },
  2023: { holidays: ["01-02", "01-16", "02-20", "04-07", "05-29", "06-19", "07-04", "09-04", "11-23", "12-25"], early: ["07-03", "11-24"] },
  2024: { holidays: ["01-01", "01-15", "02-19", "03-29", "05-27", "06-19", "07-04", "09-02", "11-28", "12-25"], early: ["07-03", "11-29", "12-24"] },
  2025: { holidays: ["01-01", "01-20", "02-17", "04-18", "05-26", "06-19", "07-04", "09-01", "11-27", "12-25"], early: ["07-03", "11-28", "12-24"] },
  2026: { holidays: ["01-01", "01-19", "02-16", "04-03", "05-25", "06-19", "07-03", "09-07", "11-26", "12-25"], early: ["11-27", "12-24"] },
  2027: { holidays: ["01-01", "01-18", "02-15", "03-26", "05-31", "06-18", "07-05", "09-06", "11-25", "12-24"], early: ["11-26"] },
};

describe("NYSE holidays and early closes, computed", () => {
  for (const [year, want] of Object.entries(PUBLISHED)) {
    test(`${year} matches the published calendar`, () => {
      expect(nyseHolidays(Number(year)).map((h) => h.date)).toEqual(want.holidays.map((d) => `${year}-${d}`));
      expect(nyseEarlyCloses(Number(year)).map((h) => h.date)).toEqual(want.early.map((d) => `${year}-${d}`));
    });
  }

  test("named cases from the brief", () => {
    expect(nyseDay("2024-03-29").holidayName).toBe("Good Friday");
    expect(nyseDay("2023-06-19").holidayName).toBe("Juneteenth National Independence Day");
    expect(nyseDay("2021-12-24").holidayName).toBe("Christmas Day");
    expect(nyseDay("2026-11-26").holidayName).toBe("Thanksgiving Day");
    expect(nyseDay("2026-11-27")).toMatchObject({ isTradingDay: true, isEarlyClose: true, earlyCloseName: "Day after Thanksgiving" });
  });

  test("a Saturday New Year's Day is not observed on the Friday before", () => {
    for (const d of ["2021-12-31", "2010-12-31", "2004-12-31", "2027-12-31"]) expect(isTradingDay(d)).toBe(true);
    expect(isTradingDay("2023-01-02")).toBe(false); // Sunday New Year -> Monday
  });

  test("Juneteenth only from 2022", () => {
    expect(isTradingDay("2021-06-18")).toBe(true);
    expect(isTradingDay("2022-06-20")).toBe(false);
  });

  test("no early close before an observed Friday holiday", () => {
    for (const d of ["2026-07-02", "2021-12-23", "2020-07-02", "2027-12-23"]) {
      expect(nyseDay(d)).toMatchObject({ isTradingDay: true, isEarlyClose: false });
    }
  });

  test("one-off closures are closed and named", () => {
    for (const d of ["2001-09-11", "2001-09-14", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09", "2004-06-11", "2007-01-02"]) {
      expect(nyseDay(d).isTradingDay).toBe(false);
      expect(nyseDay(d).holidayName).toBeString();
    }
    expect(nyseDay("2003-12-26").isEarlyClose).toBe(true);
  });

  test("every computed holiday and early close from 1999 to 2200 falls on a weekday, one of each per date", () => {
    for (let year = 1999; year <= 2200; year++) {
      const holidays = nyseHolidays(year);
      const early = nyseEarlyCloses(year);
      const dates = [...holidays, ...early].map((e) => e.date);
      expect(new Set(dates).size).toBe(dates.length);
      for (const d of dates) {
        const civil = parseIsoDate(d)!;
        expect(civil.year).toBe(year);
        expect([1, 2, 3, 4, 5]).toContain(weekdayOf(civil));
      }
      expect(holidays.length).toBeGreaterThanOrEqual(year >= 2022 ? 9 : 8);
      expect(holidays.length).toBeLessThanOrEqual(year >= 2022 ? 10 : 9);
    }
  });
});
