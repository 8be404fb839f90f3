import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { context, long, order } from "./_fixture.ts";
import { showMoney, valueOf } from "./context.ts";
import { maxPositionValue } from "./max-position-value.ts";

const ok = { kind: "accepted" } as const;

describe("max-position-value", () => {
  const rule = maxPositionValue(1000);
  test("exactly at the limit is accepted, one share more refused, with exact money", () => {
    expect(rule.check(order({ qty: 10 }), context())).toEqual(ok); // 10 x 100 = 1000
    expect(rule.check(order({ qty: 11 }), context())).toMatchObject({ kind: "refused", rule: "max-position-value", limit: "1000.00", actual: "1100.00" });
  });
  test("counts the existing position and working orders", () => {
    const ctx = context({ positions: [long("AAPL", 5, 90)], workingOrders: [{ symbol: "AAPL", side: "buy", qty: 3 }] });
    expect(rule.check(order({ qty: 2 }), ctx)).toEqual(ok); // 10 x 100
    expect(rule.check(order({ qty: 3 }), ctx)).toMatchObject({ kind: "refused", actual: "1100.00" });
  });
  test("a limit order is valued at its limit price", () => {
    expect(rule.check(order({ qty: 10, type: "limit", limitPrice: 100.01 }), context())).toMatchObject({ kind: "refused", actual: "1000.10" });
  });
  test("an unknown price refuses with 'unknown', never a guess", () => {
    expect(rule.check(order({ symbol: "ZZZ" }), context())).toMatchObject({ kind: "refused", actual: "unknown" });
  });
  test("selling down an oversized position passes", () => {
    expect(rule.check(order({ side: "sell", qty: 5 }), context({ positions: [long("AAPL", 30, 100)] }))).toEqual(ok);
  });
});

describe("max-position-value in units", () => {
  test("the same verdicts and words as big.js for random prices (up to 10 decimals), holdings and limits", () => {
    let seed = 13;
    const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let i = 0; i < 3000; i++) {
      const price = Number((rand() * 500).toFixed(Math.floor(rand() * 11))) || 0.01;
      const qty = 1 + Math.floor(rand() * 2000);
      const held = Math.floor(rand() * 500);
      const limit = Number((rand() * 200_000).toFixed(Math.floor(rand() * 4)));
      const after = held + qty;
      const value = valueOf(after, price);
      const expected = value.lte(money(limit))
        ? ok
        : { kind: "refused", limit: showMoney(money(limit)), actual: showMoney(value), message: `max-position-value: buy ${qty} AAPL refused: AAPL position would be ${after} shares worth ${showMoney(value)} USD, limit ${showMoney(money(limit))} USD` };
      const ctx = context(held > 0 ? { positions: [long("AAPL", held, 100)] } : {});
      expect(maxPositionValue(limit).check(order({ qty, type: "limit", limitPrice: price }), ctx)).toMatchObject(expected);
    }
  });
});
