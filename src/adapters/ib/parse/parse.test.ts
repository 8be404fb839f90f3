import { describe, expect, test } from "bun:test";
import { parseBarSize, toIbBarSize } from "./bar-size.ts";
import { durationMs, parseDuration } from "./duration.ts";
import { formatIbEndDateTime, parseIbDate } from "./ib-date.ts";
import { orderStateFromIb } from "./order-status.ts";
import { sideFromIb } from "./side.ts";

describe("parse tables", () => {
  test("bar sizes map both ways and reject nonsense", () => {
    expect(toIbBarSize("1d")).toBe("1 day");
    expect(toIbBarSize("5m")).toBe("5 mins");
    expect(parseBarSize("1 day")).toBe("1d");
    expect(parseBarSize("5 mins")).toBe("5m");
    expect(parseBarSize("5 min")).toBe("5m");
    expect(parseBarSize("1h")).toBe("1h");
    expect(parseBarSize("1 hour")).toBe("1h");
    expect(parseBarSize("7 mins")).toBeUndefined();
    expect(parseBarSize("day")).toBeUndefined();
  });

  test("durations parse IB's strings and reject zero or unknown units", () => {
    expect(parseDuration("5 Y")).toEqual({ count: 5, unit: "Y" });
    expect(parseDuration("30 D")).toEqual({ count: 30, unit: "D" });
    expect(parseDuration("3600 S")).toEqual({ count: 3600, unit: "S" });
    expect(parseDuration("2 weeks")).toEqual({ count: 2, unit: "W" });
    expect(parseDuration("0 D")).toBeUndefined();
    expect(parseDuration("5 X")).toBeUndefined();
    expect(parseDuration("Y")).toBeUndefined();
    expect(durationMs({ count: 2, unit: "D" })).toBe(172_800_000);
  });

  test("daily dates are 00:00 UTC of the date; intraday honours the zone", () => {
    expect(parseIbDate("20240102")).toBe(Date.UTC(2024, 0, 2));
    expect(parseIbDate("20240230")).toBeUndefined();
    // 09:30 New York in winter is 14:30 UTC, in summer 13:30 UTC.
    expect(parseIbDate("20240102 09:30:00 US/Eastern")).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseIbDate("20240702 09:30:00 America/New_York")).toBe(Date.UTC(2024, 6, 2, 13, 30));
    expect(parseIbDate("20240102  09:30:00")).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseIbDate("20240102 09:30:00 UTC")).toBe(Date.UTC(2024, 0, 2, 9, 30));
    expect(parseIbDate("1704205800")).toBe(1_704_205_800_000);
    expect(parseIbDate("20240102 09:30:00 Mars/Olympus")).toBeUndefined();
    expect(parseIbDate("garbage")).toBeUndefined();
    expect(formatIbEndDateTime(Date.UTC(2024, 0, 2, 9, 5, 7))).toBe("20240102-09:05:07");
  });

  test("order statuses and sides map onto domain words", () => {
    expect(orderStateFromIb("Submitted")).toBe("acknowledged");
    expect(orderStateFromIb("Submitted", 10, 90)).toBe("partially-filled");
    expect(orderStateFromIb("Filled", 100, 0)).toBe("filled");
    expect(orderStateFromIb("Inactive")).toBe("rejected");
    expect(orderStateFromIb("ApiCancelled")).toBe("cancelled");
    expect(orderStateFromIb("Bogus")).toBeUndefined();
    expect(sideFromIb("BOT")).toBe("buy");
    expect(sideFromIb("SLD")).toBe("sell");
    expect(sideFromIb("XYZ")).toBeUndefined();
  });
});
