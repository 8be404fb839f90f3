import { describe, expect, test } from "bun:test";
import { dstInterval, formatNewYork, fromNewYork, isNewYorkDst, toNewYork } from "./new-york-time.ts";

const utc = (iso: string) => Date.parse(iso);

describe("America/New_York from computed DST rules", () => {
  test("2024 transitions: 2024-03-10 07:00 UTC and 2024-11-03 06:00 UTC", () => {
    expect(isNewYorkDst(utc("2024-03-10T06:59:59Z"))).toBe(false);
    expect(isNewYorkDst(utc("2024-03-10T07:00:00Z"))).toBe(true);
    expect(isNewYorkDst(utc("2024-11-03T05:59:59Z"))).toBe(true);
    expect(isNewYorkDst(utc("2024-11-03T06:00:00Z"))).toBe(false);
    expect(formatNewYork(utc("2024-03-10T06:59:00Z"))).toBe("2024-03-10 01:59 EST");
    expect(formatNewYork(utc("2024-03-10T07:00:00Z"))).toBe("2024-03-10 03:00 EDT");
  });

  test("pre-2007 rule: first Sunday of April to last Sunday of October", () => {
    expect(dstInterval(2006)).toEqual([utc("2006-04-02T07:00:00Z"), utc("2006-10-29T06:00:00Z")]);
    expect(dstInterval(1975)[0]).toBe(utc("1975-02-23T07:00:00Z"));
    expect(dstInterval(1980)).toEqual([utc("1980-04-27T07:00:00Z"), utc("1980-10-26T06:00:00Z")]);
  });

  test("wall time to instant, including the skipped and the repeated hour", () => {
    expect(fromNewYork("2024-07-01", 9 * 60 + 30)).toBe(utc("2024-07-01T13:30:00Z"));
    expect(fromNewYork("2024-01-02", 9 * 60 + 30)).toBe(utc("2024-01-02T14:30:00Z"));
    // 02:30 does not exist on 2024-03-10: read as standard time (= 03:30 EDT).
    expect(fromNewYork("2024-03-10", 2 * 60 + 30)).toBe(utc("2024-03-10T07:30:00Z"));
    // 01:30 happens twice on 2024-11-03: the first (EDT) one.
    expect(fromNewYork("2024-11-03", 60 + 30)).toBe(utc("2024-11-03T05:30:00Z"));
  });

  test("agrees with the platform time-zone database every 5 hours, 1967 to 2045, and at each transition", () => {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: "America/New_York",
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    const viaIntl = (ms: number) => {
      const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    const ours = (ms: number) => {
      const t = toNewYork(ms);
      return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, "0")}:${String(t.minutes % 60).padStart(2, "0")}`;
    };
    const mismatches: string[] = [];
    const check = (ms: number) => {
      if (ours(ms) !== viaIntl(ms)) mismatches.push(`${new Date(ms).toISOString()}: ours ${ours(ms)} intl ${viaIntl(ms)}`);
    };
    for (let ms = utc("1967-01-01T00:00:00Z"); ms < utc("2046-01-01T00:00:00Z"); ms += 5 * 3_600_000) check(ms);
    for (let year = 1967; year <= 2045; year++) {
      for (const edge of dstInterval(year)) for (const d of [-60_000, 0, 60_000]) check(edge + d);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  test("round trip for every minute of a transition day", () => {
    for (const date of ["2025-03-09", "2025-11-02"]) {
      for (let m = 0; m < 24 * 60; m++) {
        const back = toNewYork(fromNewYork(date, m));
        if (date === "2025-03-09" && m >= 120 && m < 180) continue; // the skipped hour
        expect(`${back.date} ${back.minutes}`).toBe(`${date} ${m}`);
      }
    }
  });
});
