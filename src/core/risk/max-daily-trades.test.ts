import { describe, expect, test } from "bun:test";
import { context, long, order } from "./_fixture.ts";
import { maxDailyTrades } from "./max-daily-trades.ts";

const ok = { kind: "accepted" } as const;

describe("max-daily-trades", () => {
  const rule = maxDailyTrades(3);
  test("the third order of the day is accepted, the fourth refused", () => {
    expect(rule.check(order(), context({ tradesToday: new Map([["AAPL", 2]]) }))).toEqual(ok);
    expect(rule.check(order(), context({ tradesToday: new Map([["AAPL", 3]]) }))).toMatchObject({ kind: "refused", rule: "max-daily-trades", limit: 3, actual: 3 });
  });
  test("other symbols' counts do not matter; exits always pass", () => {
    expect(rule.check(order(), context({ tradesToday: new Map([["MSFT", 9]]) }))).toEqual(ok);
    const ctx = context({ tradesToday: new Map([["AAPL", 3]]), positions: [long("AAPL", 10, 100)] });
    expect(rule.check(order({ side: "sell", qty: 10 }), ctx)).toEqual(ok);
  });
});
