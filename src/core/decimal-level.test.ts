import { describe, expect, test } from "bun:test";
import Big from "big.js";
import { avgCost20, bigDividesAtDefaults, level20, moneyOf20, numberOf20, scaledOf } from "./decimal-level.ts";
import { bigOfUnits } from "./money-units.ts";
import { money } from "./money.ts";
import { xorshift32 } from "./seeded-random.ts";

describe("exit levels on bigints (decimal-level.ts) against big.js", () => {
  test("a big.js value's scaled decimal is the same number", () => {
    for (const v of ["0", "1", "-1", "123.456", "0.00000001", "-0.05", "1e21", "120000", "98.5"]) {
      const { n, scale } = scaledOf(new Big(v));
      expect(new Big(n.toString()).div(new Big(10).pow(scale)).eq(new Big(v))).toBe(true);
    }
  });

  test("average cost and levels round and convert exactly as big.js's div, times and toNumber", () => {
    expect(bigDividesAtDefaults()).toBe(true);
    const r = xorshift32(11);
    const pcts = [0.5, 1, 2, 2.5, 3, 5, 10, 33.3, 99.99, 0.01, 7.25];
    const cases: [number, number][] = [[1, 3], [-1, 3], [2, 3], [-5, 6], [10_000_000_005, 7], [1, 1], [0, 4], [99_999, 2]];
    for (let i = 0; i < 8_000; i++) {
      const units = Math.round(r() * 10 ** Math.floor(r() * 15)) * (r() < 0.2 ? -1 : 1);
      cases.push([units, 1 + Math.floor(r() * 10 ** Math.floor(r() * 6))]);
    }
    for (const [units, qty] of cases) {
      const basis = bigOfUnits(units);
      for (const q of [qty, -qty]) {
        const cost = basis.div(Math.abs(q));
        const cost20 = avgCost20(units, q);
        expect([units, q, numberOf20(cost20)]).toEqual([units, q, cost.toNumber()]);
        const made = moneyOf20(cost20);
        expect([units, q, made.s, made.e, made.c]).toEqual([units, q, cost.s, cost.e, cost.c]);
        const pct = pcts[Math.floor(r() * pcts.length)]!;
        for (const signed of [pct, -pct]) {
          const factor = money(100).plus(signed);
          const level = cost.times(factor).div(100);
          const got = level20(cost20, scaledOf(factor));
          expect([units, q, signed, got.toString()]).toEqual([units, q, signed, level.times(new Big(10).pow(20)).toFixed(0)]);
          expect(numberOf20(got)).toBe(level.toNumber());
        }
      }
    }
  });
});
