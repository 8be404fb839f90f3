import { describe, expect, test } from "bun:test";
import Big from "big.js";
import { addUnits, BigOfUnitsCache, bigOfUnits, centsNumberOfUnits, centsTextOfUnits, exactOf, minusExact, moneyOf, mulUnits, numberOfUnits, plusExact, shareExact, unitsOf, unitsOfPrice } from "./money-units.ts";
import { money, toCents, toNumber } from "./money.ts";
import { xorshift32 } from "./seeded-random.ts";

/** What the units of a Big must be, by way of its decimal string. */
function unitsByString(x: Big): number {
  const scaled = x.times(1e8);
  if (!scaled.eq(scaled.round(0, Big.roundDown)) || scaled.abs().gt(Number.MAX_SAFE_INTEGER)) return NaN;
  return Number(scaled.toFixed(0));
}

describe("money units (1e-8 USD in a float64)", () => {
  test("a price's units are exactly money(price), or NaN when it has more than 8 decimals", () => {
    const r = xorshift32(7);
    const prices: number[] = [0.01, 0.5, 1, 99.99, 100.1, 1234.5678, 0.00000001, 9_999_999.99999999, 1 / 3, 0.1 + 0.2, 123.456789012, 2e7, -5.25];
    for (let i = 0; i < 20_000; i++) {
      const scale = 10 ** Math.floor(r() * 10);
      prices.push(Math.round(r() * 1e6 * r()) / scale, r() * 1000, Math.round(r() * 1e11) / 1e8);
    }
    let exact = 0;
    for (const p of prices) {
      const expected = Math.abs(p) <= 1e7 ? unitsByString(money(p)) : NaN;
      expect([p, unitsOfPrice(p)]).toEqual([p, expected]);
      if (!Number.isNaN(expected)) exact++;
    }
    expect(exact).toBeGreaterThan(30_000);
    expect(unitsOfPrice(99.99)).toBe(9_999_000_000);
    expect(unitsOfPrice(1 / 3)).toBeNaN();
    expect(unitsOfPrice(0.1 + 0.2)).toBeNaN(); // 0.30000000000000004
  });

  test("Big -> units -> Big round-trips, and values finer than 1e-8 or past 2^53 - 1 units give NaN", () => {
    const r = xorshift32(11);
    const values = ["0", "-0", "1", "-1", "0.00000001", "0.000000001", "90071992.54740991", "90071992.54740992", "1e-8", "1e20", "-123.45678901", "100000", "0.005"];
    for (let i = 0; i < 5000; i++) values.push(((r() - 0.5) * 10 ** Math.floor(r() * 16)).toFixed(Math.floor(r() * 11)));
    for (const v of values) {
      const x = new Big(v);
      const units = unitsOf(x);
      expect([v, units]).toEqual([v, unitsByString(x)]);
      if (!Number.isNaN(units)) {
        const back = bigOfUnits(units);
        expect([v, back.eq(x), back.toString()]).toEqual([v, true, x.abs().eq(0) ? "0" : x.toString()]);
        expect(numberOfUnits(units)).toBe(toNumber(x));
      }
    }
  });

  test("bigOfUnits builds normal big.js values that compute like parsed ones", () => {
    const a = bigOfUnits(12_345_000_000); // 123.45
    expect(a.toString()).toBe("123.45");
    expect(a.c).toEqual([1, 2, 3, 4, 5]);
    expect(a.e).toBe(2);
    expect(a.times(3).plus("0.01").toString()).toBe("370.36");
    expect(bigOfUnits(-500_000).toString()).toBe("-0.005");
    expect(bigOfUnits(0).eq(0)).toBe(true);
    expect(() => bigOfUnits(0.5)).toThrow(/whole number of units/);
  });

  test("sums and products past 2^53 - 1 become NaN instead of rounding", () => {
    expect(addUnits(2 ** 52, 2 ** 52 - 1)).toBe(2 ** 53 - 1);
    expect(addUnits(2 ** 52, 2 ** 52)).toBeNaN();
    expect(addUnits(-(2 ** 52), -(2 ** 52))).toBeNaN();
    expect(addUnits(NaN, 1)).toBeNaN();
    expect(mulUnits(10_000_000_000, 900_000)).toBe(9e15);
    expect(mulUnits(10_000_000_000, 900_720)).toBeNaN();
    expect(mulUnits(NaN, 1)).toBeNaN();
  });
});

describe("ExactMoney (units while they fit, big.js beyond)", () => {
  test("sums, differences and shares equal big.js, staying in units when the result fits", () => {
    expect(plusExact(150_000_000, 25_000_000)).toBe(175_000_000);
    expect(minusExact(150_000_000, 250_000_000)).toBe(-100_000_000);
    expect(plusExact(2 ** 52, 2 ** 52)).toEqual(new Big(2 ** 53).div(1e8));
    expect(plusExact(new Big("0.000000001"), 100_000_000)).toEqual(new Big("1.000000001"));
    expect(minusExact(new Big("1.000000001"), new Big("0.000000001"))).toBe(100_000_000);
    expect(shareExact(300_000_000, 1, 3)).toBe(100_000_000);
    expect(moneyOf(shareExact(100_000_000, 1, 3)).toString()).toBe(new Big(1).div(3).toString());
    expect(moneyOf(exactOf(new Big("12.5")))).toEqual(new Big("12.5"));
    expect(exactOf(new Big("12.5"))).toBe(1_250_000_000);
  });
});

describe("units to cents and cached big.js values", () => {
  test("centsNumberOfUnits is toNumber(toCents(x)): half away from zero, the same float64", () => {
    const r = xorshift32(23);
    const units = [0, 1, -1, 499_999, 500_000, -500_000, 500_001, 1_499_999, 1_500_000, -1_500_000, 2_500_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 5000; i++) {
      const u = Math.round((r() - 0.5) * 10 ** Math.floor(r() * 16));
      // Exactly on half a cent, often.
      units.push(u, Math.round(u / 1_000_000) * 1_000_000 + 500_000);
    }
    for (const u of units) {
      const expected = toNumber(toCents(bigOfUnits(u)));
      const got = centsNumberOfUnits(u);
      // -0 and 0 print alike; compare as values otherwise.
      expect([u, got === 0 ? 0 : got]).toEqual([u, expected === 0 ? 0 : expected]);
    }
  });

  test("BigOfUnitsCache gives the value bigOfUnits gives, also after it starts over", () => {
    const cache = new BigOfUnitsCache(8);
    const r = xorshift32(5);
    for (let i = 0; i < 1000; i++) {
      const u = Math.round((r() - 0.5) * 1e9) * (i % 3 === 0 ? 1 : 1_000_000);
      const u2 = i % 2 === 0 ? u : Math.round(r() * 20) * 1_000_000; // repeats: hits
      expect(cache.get(u2).toString()).toBe(bigOfUnits(u2).toString());
    }
  });
});

describe("centsTextOfUnits", () => {
  test("is big.js's whole cents, half up, with two decimals", () => {
    let seed = 17;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const units = [0, 1, 499_999, 500_000, 500_001, 999_999, 1_000_000, 99_500_000, 99_499_999, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 3000; i++) units.push(Math.floor(rand() * 10 ** Math.floor(1 + rand() * 15)));
    for (const u of units) expect(centsTextOfUnits(u)).toBe(toCents(bigOfUnits(u)).toFixed(2));
    expect(() => centsTextOfUnits(-1)).toThrow(RangeError);
  });
});
