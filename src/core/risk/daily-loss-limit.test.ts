import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { context, long, order } from "./_fixture.ts";
import { dailyLossLimit } from "./daily-loss-limit.ts";

const ok = { kind: "accepted" } as const;

describe("daily loss limit", () => {
  const rule = dailyLossLimit(1000);
  test("a loss of 999.99 passes; 1000.00 refuses and trips the kill switch", () => {
    expect(rule.check(order(), context({ dailyPnl: money("-999.99") }))).toEqual(ok);
    expect(rule.check(order(), context({ dailyPnl: money("-1000") }))).toMatchObject({
      kind: "refused", rule: "daily-loss-limit", limit: "1000.00", actual: "1000.00", trips: "kill-switch",
    });
  });
  test("with float64 figures (local books) only a loss surely short of the limit skips the money", () => {
    const near = { equityNumber: 99_000.00000001, dailyPnlNumber: -999.99999999 };
    // A hair short of the limit in float64 is no proof: the money (exactly at it) refuses.
    expect(rule.check(order(), context({ ...near, dailyPnl: money("-1000") }))).toMatchObject({ kind: "refused", rule: "daily-loss-limit" });
    // Surely short: accepted whatever the money says (the money is never read).
    expect(rule.check(order(), context({ equityNumber: 99_500, dailyPnlNumber: -500, dailyPnl: money("-5000") }))).toEqual(ok);
  });
  test("closing a position after the limit is still allowed by this rule", () => {
    const ctx = context({ dailyPnl: money(-5000), positions: [long("AAPL", 10, 200)] });
    expect(rule.check(order({ side: "sell", qty: 10 }), ctx)).toEqual(ok);
  });
});
