import { describe, expect, test } from "bun:test";
import type { Bar } from "./bar.ts";
import { canResample, resampleBars } from "./resample.ts";

const MIN = 60_000;
const DAY = 86_400_000;
const bar = (time: number, o: number, h: number, l: number, c: number, v: number): Bar => ({ time, open: o, high: h, low: l, close: c, volume: v });
// 2020-01-02 (EST): 09:30 New York is 14:30 UTC.
const OPEN = Date.UTC(2020, 0, 2, 14, 30);

describe("resampleBars", () => {
  test("1m -> 5m: OHLCV combined on the 09:30 grid; a short last bucket keeps what it has", () => {
    const ones = Array.from({ length: 7 }, (_, i) => bar(OPEN + i * MIN, 10 + i, 11 + i, 9 + i, 10.5 + i, 100));
    expect(resampleBars(ones, "1m", "5m")).toEqual([
      bar(OPEN, 10, 15, 9, 14.5, 500),
      bar(OPEN + 5 * MIN, 15, 17, 14, 16.5, 200),
    ]);
  });

  test("1h bars start at 09:30 like IB's, not on the clock hour; days never merge", () => {
    const fives = [OPEN, OPEN + 25 * MIN, OPEN + 60 * MIN, OPEN + DAY].map((t, i) => bar(t, 1 + i, 2 + i, 1 + i, 1.5 + i, 10));
    expect(resampleBars(fives, "5m", "1h").map((b) => new Date(b.time).toISOString())).toEqual([
      "2020-01-02T14:30:00.000Z",
      "2020-01-02T15:30:00.000Z",
      "2020-01-03T14:30:00.000Z",
    ]);
  });

  test("daylight time moves the grid with New York: 09:30 EDT is 13:30 UTC", () => {
    const july = Date.UTC(2020, 6, 1, 13, 30);
    expect(resampleBars([bar(july + 2 * MIN, 1, 1, 1, 1, 1)], "1m", "5m")[0]!.time).toBe(july);
  });

  test("intraday -> 1d by New York date; 1d -> 1w Monday to Friday, dated by the first trading date", () => {
    const late = Date.UTC(2020, 0, 3, 0, 30); // 19:30 New York on Jan 2
    expect(resampleBars([bar(OPEN, 1, 2, 1, 2, 5), bar(late, 2, 3, 2, 3, 5)], "1m", "1d")).toEqual([bar(Date.UTC(2020, 0, 2), 1, 3, 1, 3, 10)]);
    // Thu 2 Jan, Fri 3 Jan | Mon 6 .. Wed 8 Jan (the new year's holiday week starts on a Thursday)
    const days = [2, 3, 6, 7, 8].map((d, i) => bar(Date.UTC(2020, 0, d), 10 + i, 12 + i, 9 + i, 11 + i, 1000));
    expect(resampleBars(days, "1d", "1w")).toEqual([
      bar(Date.UTC(2020, 0, 2), 10, 13, 9, 12, 2000),
      bar(Date.UTC(2020, 0, 6), 12, 16, 11, 15, 3000),
    ]);
  });

  test("only into a larger size that whole bars fill", () => {
    expect(canResample("5m", "1m")).toEqual({ ok: false, message: "can only combine bars into a larger size; 5m -> 1m is not larger" });
    expect(canResample("1d", "1d").ok).toBe(false);
    expect(canResample("1m", "1h").ok).toBe(true);
    expect(canResample("1h", "1d").ok).toBe(true);
  });
});
