import { describe, expect, test } from "bun:test";
import { context, order } from "./_fixture.ts";
import { duplicateOrderWindow } from "./duplicate-order.ts";

const ok = { kind: "accepted" } as const;

describe("duplicate-order window", () => {
  const rule = duplicateOrderWindow(5 * 60_000);
  const now = 1_700_000_000_000;
  test("same symbol and side 1 ms inside the window refused; exactly at the window accepted", () => {
    const inside = context({ recentOrders: [{ symbol: "AAPL", side: "buy", time: now - 5 * 60_000 + 1 }] });
    const edge = context({ recentOrders: [{ symbol: "AAPL", side: "buy", time: now - 5 * 60_000 }] });
    expect(rule.check(order(), inside)).toMatchObject({ kind: "refused", rule: "duplicate-order", limit: 300_000, actual: 299_999 });
    expect(rule.check(order(), edge)).toEqual(ok);
  });
  test("the other side or another symbol is not a duplicate", () => {
    const ctx = context({ recentOrders: [{ symbol: "AAPL", side: "sell", time: now - 1000 }, { symbol: "MSFT", side: "buy", time: now - 1000 }] });
    expect(rule.check(order(), ctx)).toEqual(ok);
  });
});
