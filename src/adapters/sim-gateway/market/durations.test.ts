import { describe, expect, test } from "bun:test";
import { parseBarSize, parseDuration, windowStart } from "./durations.ts";
import { parseIbDateTime } from "./eastern-time.ts";
import { sessionOpen } from "./session-times.ts";

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe("IB duration and bar-size strings", () => {
  test("bar sizes map to seconds or calendar units; unsupported ones are undefined", () => {
    expect(parseBarSize("5 secs")).toEqual({ kind: "intraday", seconds: 5 });
    expect(parseBarSize("1 min")).toEqual({ kind: "intraday", seconds: 60 });
    expect(parseBarSize("5 mins")).toEqual({ kind: "intraday", seconds: 300 });
    expect(parseBarSize("1 hour")).toEqual({ kind: "intraday", seconds: 3600 });
    expect(parseBarSize("1 day")).toEqual({ kind: "daily" });
    expect(parseBarSize("1 week")).toEqual({ kind: "weekly" });
    expect(parseBarSize("1 secs")).toBeUndefined();
    expect(parseBarSize("7 fortnights")).toBeUndefined();
  });

  test("durations: N D counts sessions, N S counts session seconds across the night", () => {
    expect(parseDuration("30 D")).toEqual({ count: 30, unit: "D" });
    expect(parseDuration("1 Y")).toEqual({ count: 1, unit: "Y" });
    expect(parseDuration("30 days")).toBeUndefined();
    const calendar = [d("2020-02-27"), d("2020-02-28"), d("2020-03-02")];
    const end = sessionOpen(d("2020-03-02")) + 1800_000; // 10:00
    expect(windowStart({ count: 2, unit: "D" }, end, d("2020-03-02"), calendar)).toBe(sessionOpen(d("2020-02-28")));
    // 3600 S at 10:00: 30 minutes today, 30 minutes before the previous close (15:30 on Friday)
    expect(windowStart({ count: 3600, unit: "S" }, end, d("2020-03-02"), calendar)).toBe(Date.UTC(2020, 1, 28, 20, 30));
  });

  test("end date-times in New York, UTC or the dash form", () => {
    expect(parseIbDateTime("20200302 16:00:00 US/Eastern")).toBe(Date.UTC(2020, 2, 2, 21, 0));
    expect(parseIbDateTime("20200702 16:00:00 America/New_York")).toBe(Date.UTC(2020, 6, 2, 20, 0)); // EDT
    expect(parseIbDateTime("20200302-21:00:00")).toBe(Date.UTC(2020, 2, 2, 21, 0));
    expect(parseIbDateTime("20200302 21:00:00 UTC")).toBe(Date.UTC(2020, 2, 2, 21, 0));
    expect(parseIbDateTime("2020-03-02")).toBeUndefined();
    expect(parseIbDateTime("20200302 16:00:00 Mars/Olympus")).toBeUndefined();
  });
});
