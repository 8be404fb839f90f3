import { expect, test } from "bun:test";
import { formatIsoDate } from "./civil-date.ts";
import { easterSunday } from "./easter.ts";

test("Easter Sunday matches published dates", () => {
  const known: Record<number, string> = {
    1961: "1961-04-02",
    1999: "1999-04-04",
    2000: "2000-04-23",
    2008: "2008-03-23",
    2011: "2011-04-24",
    2019: "2019-04-21",
    2024: "2024-03-31",
    2025: "2025-04-20",
    2026: "2026-04-05",
    2038: "2038-04-25",
    2285: "2285-03-22",
  };
  for (const [year, date] of Object.entries(known)) expect(formatIsoDate(easterSunday(Number(year)))).toBe(date);
});
