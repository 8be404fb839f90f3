import { describe, expect, test } from "bun:test";
import { embeddedBars } from "../../embedded/sp500.ts";
import { STEPS, aggregate, synthesizePath } from "./intraday.ts";

describe("synthesized intraday path", () => {
  const days = embeddedBars().slice(-40);

  test("opens at the open, closes at the close, touches high and low, never leaves the range; volume sums to the day's", () => {
    for (const day of days) {
      const p = synthesizePath("SPX", day);
      expect(p.price[0]).toBe(day.open);
      expect(p.price[STEPS]).toBe(day.close);
      const whole = aggregate(p, 0, STEPS);
      expect(whole.high).toBe(day.high);
      expect(whole.low).toBe(day.low);
      expect(whole.volume).toBe(day.volume);
    }
  });

  test("is deterministic per symbol and date, and differs between symbols", () => {
    const day = days[0]!;
    expect(synthesizePath("SPX", day).price).toEqual(synthesizePath("SPX", day).price);
    expect(synthesizePath("SPX", day).price).not.toEqual(synthesizePath("AAPL", day).price);
  });

  test("does not sit on an extreme for long (no clamped flat runs)", () => {
    for (const day of days) {
      const p = synthesizePath("SPX", day).price;
      let atLow = 0;
      for (const x of p) if (x === day.low) atLow++;
      expect(atLow).toBeLessThan(20);
    }
  });
});
