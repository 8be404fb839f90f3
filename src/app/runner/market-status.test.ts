import { describe, expect, test } from "bun:test";
import { UserError } from "../../core/errors.ts";
import { formatDuration, formatMarketStatus, marketStatus } from "./market-status.ts";

describe("marketStatus", () => {
  test("Thanksgiving 2026 seen from Berlin: closed, next open 09:30 ET = 15:30 CET, closing early", () => {
    const r = marketStatus(Date.parse("2026-11-26T17:00:00Z"), "Europe/Berlin");
    expect(r).toMatchObject({ session: "closed", holidayName: "Thanksgiving Day", isTradingDay: false });
    expect(r.nextOpen).toMatchObject({ newYork: "2026-11-27 09:30 EST", utc: "2026-11-27T14:30:00.000Z", in: "21h 30m" });
    expect(r.nextOpen.local).toBe("2026-11-27 15:30 GMT+1");
    expect(r.nextClose.newYork).toBe("2026-11-27 13:00 EST");
    const text = formatMarketStatus(r);
    expect(text).toContain("CLOSED");
    expect(text).toContain("holiday     2026-11-26: Thanksgiving Day");
  });

  test("an early-close afternoon shows the shortened sessions", () => {
    const text = formatMarketStatus(marketStatus(Date.parse("2025-12-24T19:00:00Z"), "UTC"));
    expect(text).toContain("AFTER-HOURS (13:00-17:00 ET)");
    expect(text).toContain("Christmas Eve");
    expect(text).toContain("next open   2025-12-26 09:30 EST");
  });

  test("lists holidays and early closes of the next two weeks", () => {
    const r = marketStatus(Date.parse("2026-11-20T15:00:00Z"), "UTC");
    expect(r.upcoming).toEqual([
      { date: "2026-11-26", kind: "holiday", name: "Thanksgiving Day" },
      { date: "2026-11-27", kind: "early-close", name: "Day after Thanksgiving" },
    ]);
    expect(formatMarketStatus(r)).toContain("upcoming    2026-11-26: closed (Thanksgiving Day)");
    expect(marketStatus(Date.parse("2026-10-01T15:00:00Z"), "UTC").upcoming).toEqual([]);
  });

  test("durations", () => {
    expect(formatDuration(59_000)).toBe("now");
    expect(formatDuration(5 * 60_000)).toBe("5m");
    expect(formatDuration(125 * 60_000)).toBe("2h 05m");
    expect(formatDuration((3 * 1440 + 4 * 60) * 60_000)).toBe("3d 4h 00m");
  });
});
