import { describe, expect, test } from "bun:test";
import { createIndicator } from "../index.ts";

const bar = (open: number, close: number, volume = 0) => ({ open, high: Math.max(open, close), low: Math.min(open, close), close, volume });

describe("robotrader's own indicators (not in TA-Lib)", () => {
  test("logret_1 is ln(c/c[1]); logret_2 looks two bars back", () => {
    const one = createIndicator("logret_1");
    const two = createIndicator("logret_2");
    const closes = [100, 110, 99];
    const a = closes.map((c) => one.update(bar(c, c)));
    const b = closes.map((c) => two.update(bar(c, c)));
    expect(a[0]).toBeNaN();
    expect(a[1]).toBeCloseTo(Math.log(1.1), 15);
    expect(a[2]).toBeCloseTo(Math.log(0.9), 15);
    expect(b[1]).toBeNaN();
    expect(b[2]).toBeCloseTo(Math.log(0.99), 15);
  });

  test("rvol_2_1 is the sample stdev of the last 2 log returns; _252 scales by sqrt(252)", () => {
    const perBar = createIndicator("rvol_2_1");
    const yearly = createIndicator("rvol_2_252");
    const closes = [100, 110, 99, 99];
    const a = closes.map((c) => perBar.update(bar(c, c)));
    const y = closes.map((c) => yearly.update(bar(c, c)));
    const r1 = Math.log(1.1);
    const r2 = Math.log(0.9);
    expect(a[1]).toBeNaN();
    expect(a[2]).toBeCloseTo(Math.abs(r1 - r2) / Math.SQRT2, 14);
    expect(a[3]).toBeCloseTo(Math.abs(r2) / Math.SQRT2, 14);
    expect(y[3]).toBeCloseTo((Math.abs(r2) / Math.SQRT2) * Math.sqrt(252), 12);
  });

  test("volz_3 measures volume against the 3 bars before it; flat volume gives 0", () => {
    const z = createIndicator("volz_3");
    const out = [10, 20, 30, 40, 20, 20, 20, 20].map((v) => z.update(bar(1, 1, v)));
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(out[3]).toBeCloseTo((40 - 20) / 10, 14);
    expect(out[4]).toBeCloseTo((20 - 30) / 10, 14);
    expect(out[7]).toBe(0);
  });

  test("gap is open over the previous close, minus 1", () => {
    const g = createIndicator("gap");
    expect(g.update(bar(100, 102))).toBeNaN();
    expect(g.update(bar(104.04, 103))).toBeCloseTo(0.02, 15);
    expect(g.update(bar(100.94, 101))).toBeCloseTo(-0.02, 15);
  });
});
