import { describe, expect, test } from "bun:test";
import { formatNewYork } from "./new-york-time.ts";
import { isSessionAllowed, sessionAt } from "./session.ts";

const utc = (iso: string) => Date.parse(iso);
const ny = (ms: number) => formatNewYork(ms);

describe("sessionAt", () => {
  test("a summer Tuesday's sessions and boundaries (EDT)", () => {
    const at = (t: string) => sessionAt(utc(`2024-07-09T${t}Z`)).session;
    expect(at("07:59:59")).toBe("closed");
    expect(at("08:00:00")).toBe("pre-market");
    expect(at("13:29:59")).toBe("pre-market");
    expect(at("13:30:00")).toBe("regular");
    expect(at("19:59:59")).toBe("regular");
    expect(at("20:00:00")).toBe("after-hours");
    expect(at("23:59:59")).toBe("after-hours");
    expect(sessionAt(utc("2024-07-10T00:00:00Z")).session).toBe("closed");
  });

  test("a winter open is 14:30 UTC (EST)", () => {
    expect(sessionAt(utc("2024-01-09T14:29:00Z")).session).toBe("pre-market");
    expect(sessionAt(utc("2024-01-09T14:30:00Z")).session).toBe("regular");
  });

  test("the Monday after the spring DST change opens at 13:30 UTC, the Friday before at 14:30 UTC", () => {
    const friday = sessionAt(utc("2024-03-08T12:00:00Z"));
    expect(friday.nextOpen).toBe(utc("2024-03-08T14:30:00Z"));
    const weekend = sessionAt(utc("2024-03-09T12:00:00Z"));
    expect(weekend.session).toBe("closed");
    expect(weekend.nextOpen).toBe(utc("2024-03-11T13:30:00Z"));
    expect(weekend.nextClose).toBe(utc("2024-03-11T20:00:00Z"));
  });

  test("the autumn change: Friday closes 20:00 UTC, Monday opens 14:30 UTC", () => {
    const s = sessionAt(utc("2024-11-01T19:00:00Z"));
    expect(s.session).toBe("regular");
    expect(s.nextClose).toBe(utc("2024-11-01T20:00:00Z"));
    expect(s.nextOpen).toBe(utc("2024-11-04T14:30:00Z"));
  });

  test("early close day: regular ends 13:00 ET, after-hours 17:00 ET", () => {
    const at = (t: string) => sessionAt(utc(`2026-11-27T${t}Z`));
    expect(at("17:59:00").session).toBe("regular");
    expect(at("18:00:00").session).toBe("after-hours");
    expect(at("21:59:00").session).toBe("after-hours");
    expect(at("22:00:00").session).toBe("closed");
    expect(at("15:00:00")).toMatchObject({ isEarlyClose: true, earlyCloseName: "Day after Thanksgiving", tradingDay: "2026-11-27" });
    expect(ny(at("15:00:00").nextClose)).toBe("2026-11-27 13:00 EST");
  });

  test("a holiday is closed all day and points at the next open", () => {
    const s = sessionAt(utc("2026-11-26T15:00:00Z"));
    expect(s).toMatchObject({ session: "closed", isTradingDay: false, holidayName: "Thanksgiving Day", tradingDay: "2026-11-26" });
    expect(s.schedule).toBeUndefined();
    expect(ny(s.nextOpen)).toBe("2026-11-27 09:30 EST");
    expect(ny(s.nextClose)).toBe("2026-11-27 13:00 EST");
  });

  test("after the close, the next open skips weekends and holidays", () => {
    // Thursday 2024-03-28 after close -> Good Friday -> weekend -> Monday 2024-04-01.
    const s = sessionAt(utc("2024-03-28T21:00:00Z"));
    expect(s.session).toBe("after-hours");
    expect(ny(s.nextOpen)).toBe("2024-04-01 09:30 EDT");
    // September 2001: closed Tuesday to Friday, reopened Monday 17th.
    expect(ny(sessionAt(utc("2001-09-10T21:00:00Z")).nextOpen)).toBe("2001-09-17 09:30 EDT");
  });

  test("during the regular session nextOpen is tomorrow's and nextClose today's", () => {
    const s = sessionAt(utc("2025-12-23T15:00:00Z"));
    expect(ny(s.nextClose)).toBe("2025-12-23 16:00 EST");
    expect(ny(s.nextOpen)).toBe("2025-12-24 09:30 EST");
    expect(sessionAt(utc("2025-12-24T15:00:00Z")).isEarlyClose).toBe(true);
    expect(ny(sessionAt(utc("2025-12-24T19:00:00Z")).nextOpen)).toBe("2025-12-26 09:30 EST");
  });

  test("the New York date, not the UTC date, is the trading day", () => {
    // 2024-07-10 02:00 UTC is still 2024-07-09 22:00 in New York.
    expect(sessionAt(utc("2024-07-10T02:00:00Z")).tradingDay).toBe("2024-07-09");
  });

  test("isSessionAllowed", () => {
    expect(isSessionAllowed(utc("2024-07-09T14:00:00Z"), ["regular"])).toBe(true);
    expect(isSessionAllowed(utc("2024-07-09T12:00:00Z"), ["regular"])).toBe(false);
    expect(isSessionAllowed(utc("2024-07-09T12:00:00Z"), ["pre-market", "regular"])).toBe(true);
  });

  test("isSessionAllowed agrees with sessionAt across days, DST changes, holidays and early closes, in any order", () => {
    // It keeps the day last asked about: jumping back and forth must not reuse the wrong day.
    const starts = ["2024-03-08T00:00:00Z", "2024-11-01T00:00:00Z", "2024-07-02T00:00:00Z", "2024-11-27T00:00:00Z", "2024-03-08T12:00:00Z"];
    for (const start of starts) {
      for (let at = utc(start); at < utc(start) + 4 * 86_400_000; at += 7 * 60_000) {
        const session = sessionAt(at).session;
        for (const allowed of [["regular"], ["pre-market", "after-hours"], ["closed"]] as const) {
          if (isSessionAllowed(at, allowed) !== allowed.includes(session as never)) throw new Error(`${new Date(at).toISOString()} ${allowed.join(",")}`);
        }
      }
    }
  });
});
