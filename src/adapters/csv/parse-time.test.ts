import { describe, expect, test } from "bun:test";
import { parseBarTime } from "./parse-time.ts";

const daily = { daily: true, timeZone: "UTC" };
const intraday = { daily: false, timeZone: "UTC" };
const ok = (time: number) => ({ ok: true as const, time });
const D = Date.UTC(2020, 0, 2);

describe("parseBarTime", () => {
  test("daily bars take 00:00 UTC of the date as written, in every date form", () => {
    for (const text of ["2020-01-02", "2020/01/02", "2020-1-2", "20200102", " 2020-01-02 ", "2020-01-02T00:00:00Z", "2020-01-02 00:00:00-05:00", "20200102 16:00:00 US/Eastern"]) {
      expect([text, parseBarTime(text, daily)]).toEqual([text, ok(D)]);
    }
  });

  test("daily bars from epoch seconds take the New York trading date", () => {
    // 2020-01-02 00:00 New York = 05:00 UTC
    expect(parseBarTime(String(Date.UTC(2020, 0, 2, 5) / 1000), daily)).toEqual(ok(D));
  });

  test("intraday ISO times with Z or an offset are exact", () => {
    expect(parseBarTime("2020-01-02T14:30:00Z", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 14, 30)));
    expect(parseBarTime("2020-01-02T09:30:00-05:00", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 14, 30)));
    expect(parseBarTime("2020-01-02 09:30:00.250+0100", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 8, 30, 0, 250)));
    expect(parseBarTime("2020-01-02T14:30", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 14, 30)));
  });

  test("IB-style times convert from their named zone, across daylight saving", () => {
    expect(parseBarTime("20200102 09:30:00 US/Eastern", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 14, 30)));
    expect(parseBarTime("20200702  09:30:00 America/New_York", intraday)).toEqual(ok(Date.UTC(2020, 6, 2, 13, 30)));
    expect(parseBarTime("20200702 09:30:00 UTC", intraday)).toEqual(ok(Date.UTC(2020, 6, 2, 9, 30)));
    expect(parseBarTime("20200702-13:30:00", intraday)).toEqual(ok(Date.UTC(2020, 6, 2, 13, 30)));
    expect(parseBarTime("2020-03-09 09:30:00 America/New_York", intraday)).toEqual(ok(Date.UTC(2020, 2, 9, 13, 30)));
    expect(parseBarTime("2020-03-06 09:30:00 America/New_York", intraday)).toEqual(ok(Date.UTC(2020, 2, 6, 14, 30)));
  });

  test("times without a zone use the given default zone", () => {
    expect(parseBarTime("20200102 09:30:00", { daily: false, timeZone: "America/New_York" })).toEqual(ok(Date.UTC(2020, 0, 2, 14, 30)));
    expect(parseBarTime("20200102 09:30:00", intraday)).toEqual(ok(Date.UTC(2020, 0, 2, 9, 30)));
  });

  test("epoch seconds and milliseconds are exact for intraday bars", () => {
    expect(parseBarTime("1577975400", intraday)).toEqual(ok(1577975400000));
    expect(parseBarTime("1577975400123", intraday)).toEqual(ok(1577975400123));
  });

  test("bad values say what was expected and what was found", () => {
    const cases: [string, typeof daily, string][] = [
      ["02/01/2020", daily, "must be a date like 2020-01-02"],
      ["", daily, "got ''"],
      ["2020-02-30", daily, "must be a real calendar date and time, got '2020-02-30'"],
      ["2020-01-02 25:00", intraday, "a real calendar date and time"],
      ["20200102 09:30:00 Mars/Olympus", intraday, "known time zone such as America/New_York, US/Eastern or UTC (not 'Mars/Olympus')"],
      ["2020-01-02", intraday, "a date AND time for intraday bars"],
    ];
    for (const [text, options, message] of cases) {
      const result = parseBarTime(text, options);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(message);
    }
    expect(parseBarTime("20200102 09:30:00", { daily: false, timeZone: "Nowhere/Land" })).toEqual({ ok: false, message: "must be in a known time zone (not 'Nowhere/Land'), got '20200102 09:30:00'" });
  });

  test("dates after 2100 are refused, in every form; 2100 itself is accepted", () => {
    for (const text of ["2101-01-01", "21010101", "9999-12-31T10:00:00Z", "4133980800000"]) {
      expect(parseBarTime(text, text.includes("T") || text.length === 13 ? intraday : daily)).toEqual({ ok: false, message: `must be a date in or before 2100, got '${text}'` });
    }
    expect(parseBarTime("2100-12-31", daily)).toEqual(ok(Date.UTC(2100, 11, 31)));
  });
});
