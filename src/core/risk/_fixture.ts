import { money } from "../money.ts";
import type { OrderRequest } from "../order.ts";
import type { RiskContext } from "./context.ts";

/** Test helpers: a flat, healthy account and a market buy; override what a test is about. */
export function context(overrides: Partial<RiskContext> = {}): RiskContext {
  return {
    now: 1_700_000_000_000,
    positions: [],
    workingOrders: [],
    equity: money(100_000),
    cash: money(100_000),
    prices: new Map([["AAPL", 100], ["MSFT", 400], ["NVDA", 50]]),
    tradesToday: new Map(),
    recentOrders: [],
    dailyPnl: money(0),
    killSwitch: { on: false },
    circuit: { status: "closed" },
    ...overrides,
  };
}

export function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return { symbol: "AAPL", side: "buy", qty: 10, type: "market", tif: "day", ...overrides };
}

export const long = (symbol: string, qty: number, avgCost: number) => ({ symbol, qty, avgCost: money(avgCost) });
