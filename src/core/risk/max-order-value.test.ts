import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { context, long, order } from "./_fixture.ts";
import { showMoney, valueOf } from "./context.ts";
import { maxOrderValue } from "./max-order-value.ts";

const ok = { kind: "accepted" } as const;

describe("max-order-value", () => {
  const rule = maxOrderValue(5000);
  test("at the limit accepted, a cent above refused", () => {
    expect(rule.check(order({ qty: 50 }), context())).toEqual(ok);
    expect(rule.check(order({ qty: 50, type: "limit", limitPrice: 100.0002 }), context())).toMatchObject({ kind: "refused", actual: "5000.01" });
  });
  test("decided in exact decimals where float64 is unsure: 3 x 0.1 is 0.3, not 0.30000000000000004", () => {
    expect(3 * 0.1 > 0.3).toBe(true);
    expect(maxOrderValue(0.3).check(order({ qty: 3, type: "limit", limitPrice: 0.1 }), context())).toEqual(ok);
    expect(maxOrderValue(0.29).check(order({ qty: 3, type: "limit", limitPrice: 0.1 }), context())).toMatchObject({ kind: "refused", actual: "0.30" });
  });
  test("a full exit of a large position is not blocked", () => {
    expect(rule.check(order({ side: "sell", qty: 80 }), context({ positions: [long("AAPL", 80, 100)] }))).toEqual(ok);
  });
  test("selling through flat into a short is checked", () => {
    expect(rule.check(order({ side: "sell", qty: 81 }), context({ positions: [long("AAPL", 30, 100)] }))).toMatchObject({ kind: "refused" });
  });
});

describe("max-order-value in units", () => {
  test("the same verdicts and words as big.js for random prices (up to 10 decimals), sizes and limits", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 3000; i++) {
      const decimals = Math.floor(rand() * 11);
      const price = Number((rand() * 500).toFixed(decimals)) || 0.01;
      const qty = 1 + Math.floor(rand() * 2000);
      const limit = Number((rand() * 200_000).toFixed(Math.floor(rand() * 4)));
      const value = valueOf(qty, price);
      const expected = value.lte(money(limit))
        ? ok
        : { kind: "refused", limit: showMoney(money(limit)), actual: showMoney(value), message: `max-order-value: buy ${qty} AAPL refused: order value ${showMoney(value)} USD (${qty} x ${price}) exceeds the limit ${showMoney(money(limit))} USD` };
      expect(maxOrderValue(limit).check(order({ qty, type: "limit", limitPrice: price }), context())).toMatchObject(expected);
    }
  });
});
