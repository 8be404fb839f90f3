import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
import { maxOrderValue } from "./max-order-value.ts";

const ok = { kind: "accepted" } as const;

describe("max-order-value", () => {
  const rule = maxOrderValue(5000);
  test("at the limit accepted, a cent above refused", () => {
    expect(rule.check(order({ qty: 50 }), context())).toEqual(ok);
    expect(rule.check(order({ qty: 50, type: "limit", limitPrice: 100.0002 }), context())).toMatchObject({ kind: "refused", actual: "5000.01" });
  });
  test("a full exit of a large position is not blocked", () => {
    expect(rule.check(order({ side: "sell", qty: 80 }), context({ positions: [long("AAPL", 80, 100)] }))).toEqual(ok);
  });
  test("selling through flat into a short is checked", () => {
    expect(rule.check(order({ side: "sell", qty: 81 }), context({ positions: [long("AAPL", 30, 100)] }))).toMatchObject({ kind: "refused" });
  });
});
