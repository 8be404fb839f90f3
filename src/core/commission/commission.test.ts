import { describe, expect, test } from "bun:test";
import { bigOfUnits, unitsOf } from "../money-units.ts";
import { money, toCents } from "../money.ts";
import { xorshift32 } from "../seeded-random.ts";
import { commissionModel, ibFixed, ibTiered, noCommission } from "./index.ts";
import { tieredRate } from "./ib-tiered.ts";

const input = (qty: number, price: string, side: "buy" | "sell" = "buy", monthShares = 0) => ({
  side,
  qty,
  price: money(price),
  value: money(price).times(qty),
  monthShares,
});
const cents = (m: ReturnType<typeof money>) => toCents(m).toFixed(2);

describe("ib-fixed", () => {
  test("per share above the minimum: 1,000 shares at 25.00 pay 5.00", () => {
    expect(ibFixed.commission(input(1000, "25")).toString()).toBe("5");
  });
  test("minimum 1.00: 100 shares at 25.00 pay 1.00, not 0.50", () => {
    expect(cents(ibFixed.commission(input(100, "25")))).toBe("1.00");
  });
  test("cap 1% of trade value: 1,000 shares at 0.25 pay 2.50, not 5.00", () => {
    expect(cents(ibFixed.commission(input(1000, "0.25")))).toBe("2.50");
  });
  test("the cap wins over the minimum: 10 shares at 5.00 (value 50) pay 0.50", () => {
    expect(cents(ibFixed.commission(input(10, "5")))).toBe("0.50");
  });
  test("odd size: 333 shares at 101.37 pay 1.665 (exact), 1.67 to the cent", () => {
    const c = ibFixed.commission(input(333, "101.37"));
    expect(c.toString()).toBe("1.665");
    expect(cents(c)).toBe("1.67");
  });
  test("sells cost the same as buys", () => {
    expect(ibFixed.commission(input(500, "40", "sell")).toString()).toBe("2.5");
  });
});

describe("ib-tiered", () => {
  test("rate by shares already traded this month", () => {
    expect(tieredRate(0).toString()).toBe("0.0035");
    expect(tieredRate(299_999).toString()).toBe("0.0035");
    expect(tieredRate(300_000).toString()).toBe("0.002");
    expect(tieredRate(3_000_000).toString()).toBe("0.0015");
    expect(tieredRate(20_000_000).toString()).toBe("0.001");
    expect(tieredRate(100_000_000).toString()).toBe("0.0005");
  });
  test("buy of 100 at 25.00: min 0.35 + exchange 0.30 + clearing 0.02 + FINRA pass-through = 0.67", () => {
    const c = ibTiered.commission(input(100, "25"));
    expect(c.toString()).toBe("0.670196");
    expect(cents(c)).toBe("0.67");
  });
  test("sell of 100 at 25.00 adds SEC fee 0.0695 and FINRA TAF 0.0166: 0.76", () => {
    const c = ibTiered.commission(input(100, "25", "sell"));
    expect(c.toString()).toBe("0.756296");
    expect(cents(c)).toBe("0.76");
  });
  test("1,000 shares at 50 in the first tier: 3.50 + 3.00 + 0.20 + 0.00196 = 6.70", () => {
    expect(cents(ibTiered.commission(input(1000, "50")))).toBe("6.70");
  });
  test("the same order after 3M shares this month: 1.50 + 3.00 + 0.20 + 0.00084 = 4.70", () => {
    expect(cents(ibTiered.commission(input(1000, "50", "buy", 3_000_000)))).toBe("4.70");
  });
  test("1% cap applies to the commission part: 1,000 at 0.20 caps 3.50 at 2.00, fees on top", () => {
    // 2.00 + 3.00 + 0.20 + 2.00 x 0.00056
    expect(ibTiered.commission(input(1000, "0.2")).toString()).toBe("5.20112");
  });
  test("FINRA TAF is capped at 8.30 per trade", () => {
    const big = ibTiered.commission(input(100_000, "10", "sell"));
    // 350 + 300 + 20 + 0.196 + SEC 27.8 + TAF 8.30 (not 16.60)
    expect(big.toString()).toBe("706.296");
  });
});

describe("commission models by name", () => {
  test("none is zero", () => {
    expect(noCommission.commission(input(1000, "10")).toString()).toBe("0");
  });
  test("an unknown name is a user error listing the choices", () => {
    expect(() => commissionModel("ib-cheap")).toThrow(/unknown commission model 'ib-cheap': expected one of ib-fixed, ib-tiered, none/);
  });
});

describe("commission in units of 1e-8 USD (the fill fast path)", () => {
  test("ib-fixed and none agree exactly with their big.js commission, or decline with NaN", () => {
    const rnd = xorshift32(5);
    let declined = 0;
    for (let i = 0; i < 20_000; i++) {
      // Cents, sub-cent prices around the 0.50 threshold, slipped prices with 6 decimals, odd sizes.
      const r = rnd();
      const price =
        r < 0.5 ? ((1 + Math.floor(rnd() * 30_000)) / 100).toFixed(2)
        : r < 0.7 ? rnd().toFixed(4)
        : r < 0.9 ? (rnd() * 200).toFixed(6)
        : (rnd() * 0.6).toFixed(8);
      const qty = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 250 : 20_000));
      const big = input(qty, price, rnd() < 0.5 ? "buy" : "sell");
      const units = { side: big.side, qty, price: unitsOf(big.price), value: unitsOf(big.value), monthShares: 0 };
      for (const model of [ibFixed, noCommission]) {
        const fast = model.commissionUnits!(units);
        if (Number.isNaN(fast)) declined++;
        else expect([model.name, price, qty, bigOfUnits(fast).toString()]).toEqual([model.name, price, qty, model.commission(big).toString()]);
      }
    }
    // Only a 1% cap finer than 1e-8 (value not a multiple of 100 units) declines.
    expect(declined).toBeGreaterThan(0);
    expect(declined).toBeLessThan(2_000);
  });
});
