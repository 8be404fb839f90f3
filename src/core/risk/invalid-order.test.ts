import { describe, expect, test } from "bun:test";
import { context, order } from "./_fixture.ts";
import { invalidOrder } from "./invalid-order.ts";

const ok = { kind: "accepted" } as const;

describe("invalid-order", () => {
  test("fractional, zero and priceless orders are refused", () => {
    const rule = invalidOrder();
    expect(rule.check(order({ qty: 1 }), context())).toEqual(ok);
    expect(rule.check(order({ qty: 0 }), context())).toMatchObject({ kind: "refused", rule: "invalid-order" });
    expect(rule.check(order({ qty: 1.5 }), context())).toMatchObject({ kind: "refused" });
    expect(rule.check(order({ type: "limit" }), context())).toMatchObject({ kind: "refused" });
    expect(rule.check(order({ type: "stop", stopPrice: Number.NaN }), context())).toMatchObject({ kind: "refused" });
  });
});
