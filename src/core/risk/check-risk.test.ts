import { describe, expect, test } from "bun:test";
import { money } from "../money.ts";
import { context, long, order } from "./_fixture.ts";
import { checkRisk, checkRiskAll } from "./check-risk.ts";
import { standardRules } from "./standard-rules.ts";

const limits = {
  maxOpenPositions: 2,
  maxPositionValue: 10_000,
  maxPositionPct: 20,
  maxOrderValue: 5_000,
  maxDailyTradesPerSymbol: 4,
  duplicateWindowMinutes: 5,
  dailyLossLimit: 1_000,
};

describe("checkRisk with the standard rules", () => {
  const rules = standardRules(limits);

  test("a sound order is accepted", () => {
    expect(checkRisk(rules, order({ qty: 10 }), context())).toEqual({ kind: "accepted" });
  });

  test("the first refusal wins; checkRiskAll lists them all", () => {
    const ctx = context({ killSwitch: { on: true }, dailyPnl: money(-2000), positions: [long("MSFT", 1, 400), long("NVDA", 1, 50)] });
    expect(checkRisk(rules, order({ qty: 60 }), ctx)).toMatchObject({ rule: "kill-switch" });
    expect(checkRiskAll(rules, order({ qty: 60 }), ctx).map((r) => r.rule)).toEqual([
      "kill-switch", "daily-loss-limit", "max-open-positions", "max-order-value",
    ]);
  });

  test("each limit from config refuses in turn", () => {
    const cases: [string, Parameters<typeof checkRisk>[1], Parameters<typeof checkRisk>[2]][] = [
      ["duplicate-order", order(), context({ recentOrders: [{ symbol: "AAPL", side: "buy", time: 1_700_000_000_000 - 60_000 }] })],
      ["max-daily-trades", order(), context({ tradesToday: new Map([["AAPL", 4]]) })],
      ["max-order-value", order({ qty: 51 }), context()],
      ["max-position-value", order({ qty: 50 }), context({ positions: [long("AAPL", 60, 100)] })],
      ["max-position-pct", order({ qty: 50 }), context({ equity: money(20_000) })],
      ["circuit-breaker", order(), context({ circuit: { status: "open" } })],
    ];
    for (const [rule, request, ctx] of cases) expect(checkRisk(rules, request, ctx)).toMatchObject({ kind: "refused", rule });
  });

  test("absent optional limits are not checked", () => {
    const minimal = standardRules({ maxOpenPositions: 5, maxPositionValue: 1e9, maxDailyTradesPerSymbol: 9, dailyLossLimit: 1e6 });
    expect(minimal.map((r) => r.name)).not.toContain("duplicate-order");
    expect(checkRisk(minimal, order({ qty: 5000 }), context())).toEqual({ kind: "accepted" });
  });
});
