import { describe, expect, test } from "bun:test";
import { RollingVolatility } from "./rolling-volatility.ts";
import { defaultSizing, entryQty, validateSizing } from "./sizing.ts";

describe("sizing", () => {
  const at = { price: 40, equity: 100_000, volatility: 0.2 };

  test("--qty N is N shares whatever the price", () => {
    expect(entryQty({ kind: "qty", qty: 25 }, at)).toBe(25);
  });
  test("--cash-per-trade X buys the whole shares X pays for", () => {
    expect(entryQty({ kind: "cash", amount: 1_000 }, { ...at, price: 33 })).toBe(30);
  });
  test("--pct-equity P takes P% of current equity", () => {
    expect(entryQty({ kind: "pct-equity", pct: 10 }, at)).toBe(250);
  });
  test("--vol-target scales exposure to target / realized volatility, never above 100% of equity", () => {
    expect(entryQty({ kind: "vol-target", pct: 10, lookback: 20 }, at)).toBe(1_250); // half the equity
    expect(entryQty({ kind: "vol-target", pct: 40, lookback: 20 }, at)).toBe(2_500); // capped at all of it
    expect(entryQty({ kind: "vol-target", pct: 10, lookback: 20 }, { ...at, volatility: NaN })).toBe(0);
  });
  test("the default splits equity equally over the symbols", () => {
    expect(defaultSizing(4)).toEqual({ kind: "pct-equity", pct: 25 });
  });
  test("bad numbers are user errors naming the flag", () => {
    expect(() => validateSizing({ kind: "qty", qty: 0 })).toThrow("--qty must be a whole number of shares > 0, got 0");
    expect(() => validateSizing({ kind: "pct-equity", pct: 120 })).toThrow("--pct-equity must be a percentage in (0, 100], got 120");
    expect(() => validateSizing({ kind: "vol-target", pct: 15, lookback: 1 })).toThrow(/--vol-lookback must be a whole number of bars >= 2/);
  });
});

describe("RollingVolatility", () => {
  test("annualized sample deviation of the last N log returns; NaN until N returns", () => {
    const v = new RollingVolatility(2, 252);
    v.update(100);
    v.update(110);
    expect(v.value()).toBeNaN();
    v.update(99);
    const r1 = Math.log(1.1);
    const r2 = Math.log(0.9);
    const mean = (r1 + r2) / 2;
    const expected = Math.sqrt(((r1 - mean) ** 2 + (r2 - mean) ** 2) / 1) * Math.sqrt(252);
    expect(v.value()).toBeCloseTo(expected, 12);
    v.update(99 * 1.1); // the window drops r1 and keeps r2, r3
    const r3 = Math.log(1.1);
    const m2 = (r2 + r3) / 2;
    expect(v.value()).toBeCloseTo(Math.sqrt((r2 - m2) ** 2 + (r3 - m2) ** 2) * Math.sqrt(252), 12);
  });
});
