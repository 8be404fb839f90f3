import { describe, expect, test } from "bun:test";
import { fromNewYork } from "../../core/calendar/index.ts";
import { barAgeClock, sessionElapsedMs } from "./market-age.ts";

const ny = (date: string, hh: number, mm: number) => fromNewYork(date, hh * 60 + mm);

describe("session time between two instants (a replay clock's elapsed market time)", () => {
  test("inside one session it is the plain difference", () => {
    expect(sessionElapsedMs(ny("2019-04-23", 10, 0), ny("2019-04-23", 11, 0))).toBe(3_600_000);
  });
  test("over a night, a weekend or a holiday only the session minutes count", () => {
    // The 15:55 bar of Tuesday judged at 09:31 Wednesday: 5 + 1 minutes of session.
    expect(sessionElapsedMs(ny("2019-04-23", 15, 55), ny("2019-04-24", 9, 31))).toBe(6 * 60_000);
    expect(sessionElapsedMs(ny("2019-04-26", 15, 55), ny("2019-04-29", 9, 30))).toBe(5 * 60_000); // Friday -> Monday
    expect(sessionElapsedMs(ny("2019-04-18", 15, 55), ny("2019-04-22", 9, 35))).toBe(10 * 60_000); // Good Friday closed
  });
  test("far apart instants are far apart", () => {
    expect(sessionElapsedMs(ny("2019-01-02", 10, 0), ny("2019-06-03", 10, 0))).toBe(ny("2019-06-03", 10, 0) - ny("2019-01-02", 10, 0));
  });
  test("the age clock: a replay judges a bar by session time since it, a live run by the clock itself", () => {
    const now = ny("2019-04-24", 9, 31);
    const bar = ny("2019-04-23", 15, 55);
    expect(barAgeClock(() => now, true)(bar) - (bar + 300_000)).toBe(60_000); // ended 1 session minute ago
    expect(barAgeClock(() => now, false)(bar)).toBe(now);
  });
});
