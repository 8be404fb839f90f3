import { describe, expect, test } from "bun:test";
import { timeZoneFormat, wallToUtc, zoneOffsetMs } from "./zone-offset.ts";

const H = 3_600_000;

describe("zone offsets from the platform's zone database", () => {
  test("New York is 5 hours behind UTC in winter, 4 in summer, changing at 07:00 UTC on 2024-03-10", () => {
    expect(zoneOffsetMs(Date.UTC(2024, 0, 15, 12), "America/New_York")).toBe(-5 * H);
    expect(zoneOffsetMs(Date.UTC(2024, 6, 15, 12), "America/New_York")).toBe(-4 * H);
    expect(zoneOffsetMs(Date.UTC(2024, 2, 10, 6, 59, 59), "America/New_York")).toBe(-5 * H);
    expect(zoneOffsetMs(Date.UTC(2024, 2, 10, 7), "America/New_York")).toBe(-4 * H);
    expect(zoneOffsetMs(Date.UTC(2024, 0, 15, 12), "Asia/Kolkata")).toBe(5.5 * H);
  });

  test("wall time to UTC lands on the right side of a change of offset", () => {
    const ny = (t: number) => zoneOffsetMs(t, "America/New_York");
    expect(wallToUtc(Date.UTC(2024, 2, 10, 1, 30), ny)).toBe(Date.UTC(2024, 2, 10, 6, 30)); // 01:30 EST
    expect(wallToUtc(Date.UTC(2024, 2, 10, 3, 30), ny)).toBe(Date.UTC(2024, 2, 10, 7, 30)); // 03:30 EDT
    expect(wallToUtc(Date.UTC(2024, 10, 3, 1, 30), ny)).toBe(Date.UTC(2024, 10, 3, 5, 30)); // the first 01:30 (EDT)
    expect(wallToUtc(Date.UTC(2024, 6, 1, 9, 30), ny)).toBe(Date.UTC(2024, 6, 1, 13, 30));
  });

  test("an unknown zone is undefined from timeZoneFormat and a RangeError naming it from zoneOffsetMs", () => {
    expect(timeZoneFormat("Nowhere/Zone")).toBeUndefined();
    expect(timeZoneFormat("US/Eastern")).toBeDefined();
    expect(() => zoneOffsetMs(0, "Nowhere/Zone")).toThrow("unknown time zone 'Nowhere/Zone'");
  });
});
