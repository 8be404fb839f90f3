import { describe, expect, test } from "bun:test";
import { money } from "../core/money.ts";
import { Portfolio } from "../core/portfolio.ts";
import { LocalRiskContext } from "./local-risk-context.ts";

describe("LocalRiskContext", () => {
  const fields = { now: 1, workingOrders: [], prices: new Map<string, number>(), tradesToday: new Map<string, number>(), recentOrders: [], killSwitch: { on: false }, circuit: { status: "closed" as const }, correlation: undefined };

  test("gives equity and today's P&L as float64, and as the money an eager context held (the equity's decimal minus the baseline)", () => {
    let asked = 0;
    const books = new Portfolio(money(100_000));
    const ctx = new LocalRiskContext(fields, books, 100_123.45, 100_000.1, () => (asked++, money("100000.1")));
    expect(ctx.equityNumber).toBe(100_123.45);
    expect(ctx.dailyPnlNumber).toBe(100_123.45 - 100_000.1);
    expect(asked).toBe(0);
    expect(ctx.equity.toString()).toBe("100123.45");
    expect(ctx.dailyPnl.toString()).toBe("123.35");
    expect(ctx.dailyPnl).toBe(ctx.dailyPnl);
    expect(asked).toBe(1);
    expect(ctx.cash.toString()).toBe("100000");
    expect(ctx.positions).toEqual([]);
  });
});
