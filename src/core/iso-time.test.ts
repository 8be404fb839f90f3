import { describe, expect, test } from "bun:test";
import { isoTime } from "./iso-time.ts";
import { mulberry32 } from "./seeded-random.ts";

const iso = (ms: number) => new Date(ms).toISOString();

describe("isoTime", () => {
  test("is toISOString's text for whole minutes, other times, day and year edges", () => {
    const random = mulberry32(14);
    const times = [0, 60_000, 86_399_999, 86_400_000, 86_340_000, 951_782_400_000, 4_107_542_400_000, 253_402_300_740_000, 253_402_300_799_999, -60_000, -1, -62_167_219_200_000];
    for (let i = 0; i < 2_000; i++) {
      const minute = Math.floor(random() * 4_000_000_000) * 60_000;
      times.push(minute, minute + 1 + Math.floor(random() * 59_999), -minute);
    }
    // The same day and minute again (the kept parts), in and out of order.
    times.push(...times.slice(0, 200).reverse());
    for (const t of times) expect(isoTime(t)).toBe(iso(t));
  });

  test("past year 9999 and for bad times it is the Date's answer (six-digit years, RangeError)", () => {
    expect(isoTime(253_402_300_800_000)).toBe("+010000-01-01T00:00:00.000Z");
    expect(() => isoTime(NaN)).toThrow(RangeError);
    expect(() => isoTime(Infinity)).toThrow(RangeError);
  });
});
