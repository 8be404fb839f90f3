import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
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
