import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
import { maxOpenPositions } from "./max-open-positions.ts";

const ok = { kind: "accepted" } as const;

describe("max-open-positions", () => {
  const rule = maxOpenPositions(2);
  const two = context({ positions: [long("MSFT", 5, 400), long("NVDA", 5, 50)] });

  test("accepts a new symbol below the limit, refuses at the limit", () => {
    expect(rule.check(order(), context({ positions: [long("MSFT", 5, 400)] }))).toEqual(ok);
    expect(rule.check(order(), two)).toMatchObject({ kind: "refused", rule: "max-open-positions", limit: 2, actual: 2 });
  });

  test("adding to or closing a held symbol is not a new position", () => {
    expect(rule.check(order({ symbol: "MSFT" }), two)).toEqual(ok);
    expect(rule.check(order({ symbol: "NVDA", side: "sell", qty: 5 }), two)).toEqual(ok);
  });

  test("working buy orders count as positions", () => {
    const ctx = context({ positions: [long("MSFT", 5, 400)], workingOrders: [{ symbol: "NVDA", side: "buy", qty: 3 }] });
    expect(rule.check(order(), ctx)).toMatchObject({ kind: "refused", actual: 2 });
  });

  test("each symbol counted once, and only while its projected holding is not flat", () => {
    const ctx = context({
      positions: [long("MSFT", 5, 400), long("NVDA", 5, 50)],
      workingOrders: [
        { symbol: "MSFT", side: "buy", qty: 2 },
        { symbol: "NVDA", side: "sell", qty: 5 },
        { symbol: "TSLA", side: "buy", qty: 1 },
        { symbol: "TSLA", side: "buy", qty: 1 },
        { symbol: "AMD", side: "buy", qty: 1 },
        { symbol: "AMD", side: "sell", qty: 1 },
      ],
    });
    // MSFT and TSLA: NVDA is being sold flat, AMD nets to nothing.
    expect(maxOpenPositions(3).check(order(), ctx)).toEqual(ok);
    expect(maxOpenPositions(2).check(order(), ctx)).toMatchObject({ kind: "refused", actual: 2 });
  });
});
