import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { fromNewYork } from "../core/calendar/index.ts";
import type { Refusal } from "../core/events.ts";
import { money, type Money } from "../core/money.ts";
import type { OrderIntent } from "../core/order.ts";
import { Portfolio } from "../core/portfolio.ts";
import { AppConfigSchema } from "../config/schema.ts";
import { RiskGate, type AccountValues, type RiskGateOptions } from "./risk-gate.ts";

const NOW = fromNewYork("2026-03-10", 11 * 60); // a Tuesday, 11:00 New York: regular session
const config = v.parse(AppConfigSchema, {});

function gate(o: Partial<RiskGateOptions> & { kill?: boolean } = {}) {
  const lines: string[] = [];
  const refusals: Refusal[] = [];
  const g = new RiskGate({
    limits: config.risk, sessions: config.run.sessions, circuit: config.circuitBreaker, now: () => NOW,
    killSwitch: { read: () => ({ on: o.kill ?? false, reason: "test" }), trip: () => {} },
    prices: new Map([["AAPL", 100]]), isWarmUp: () => false, note: (_level, message) => lines.push(message), onRefusal: (_i, r) => refusals.push(r), ...o,
  });
  g.start([]);
  return { g, lines, refusals };
}

const order = (side: "buy" | "sell", qty: number): OrderIntent => ({ key: `k-${side}-${qty}`, strategy: "s", signalTime: NOW, symbol: "AAPL", side, qty, type: "market", tif: "day" });

function holding(qty: number): Portfolio {
  const p = new Portfolio(money(100_000));
  p.applyFill({ orderKey: "", execId: "x", symbol: "AAPL", side: "buy", qty, price: money(100), commission: money(0), time: NOW });
  return p;
}

describe("the runner's pre-trade gate", () => {
  test("by default the kill switch blocks new exposure but lets an order that only reduces a position out, and says so in the log", () => {
    const { g, lines } = gate({ kill: true });
    const books = holding(10);
    expect(g.check(order("buy", 5), books)?.rule).toBe("kill-switch");
    expect(g.check(order("sell", 10), books)).toBeUndefined();
    expect(lines.join("")).toContain("kill switch on: sell 10 AAPL only reduces the position, so it goes out (risk.kill_switch_allows_reducing = true)");
  });

  test("with risk.kill_switch_allows_reducing = false an exit is refused too, and the refusal says why", () => {
    const { g } = gate({ kill: true, limits: { ...config.risk, killSwitchAllowsReducing: false } });
    const refusal = g.check(order("sell", 10), holding(10));
    expect(refusal?.rule).toBe("kill-switch");
    expect(refusal?.reason).toContain("only reduces the AAPL position, but risk.kill_switch_allows_reducing = false blocks exits too");
  });

  test("ibkr: %-of-equity limits size on the broker's NetLiquidation, not the local books", () => {
    const broker = (equity: number) => gate({ account: { equity: () => money(equity), cash: () => money(equity) }, limits: { ...config.risk, maxPositionValue: 1e9, maxOrderValue: 1e9 } }).g;
    const books = new Portfolio(money(100_000)); // the local mirror (--cash): 25% of it would be 25,000
    // 2,000 shares at 100 = 200,000: 20% of the broker's 1,000,000 (limit 25%), 200% of the local books.
    expect(broker(1_000_000).check(order("buy", 2_000), books)).toBeUndefined();
    expect(broker(400_000).check(order("buy", 1_001), books)).toMatchObject({ rule: "max-position-pct", actual: 25.03 });
  });

  test("ibkr: while the broker has not reported equity, new exposure is refused as unknown, never sized on a guess; exits pass", () => {
    const account: AccountValues = { equity: () => undefined, cash: () => undefined };
    const { g } = gate({ account });
    const refusal = g.check(order("buy", 1), new Portfolio(money(100_000)));
    expect(refusal).toMatchObject({ rule: "max-position-pct", actual: "unknown" });
    expect(refusal?.reason).toContain("account equity is unknown (the broker has not reported the account's NetLiquidation)");
    expect(g.check(order("sell", 5), holding(10))).toBeUndefined();
  });

  test("ibkr: the daily loss is the broker's equity against its first value of the day", () => {
    let equity = money(50_000);
    const tripped: string[] = [];
    const { g } = gate({ account: { equity: () => equity, cash: () => equity }, killSwitch: { read: () => ({ on: false }), trip: (r) => tripped.push(r) } });
    g.observe(100_000); // the local books' equity is not looked at
    expect(g.dayStartEquity?.toString()).toBe("50000");
    equity = money(48_900);
    g.observe(100_000);
    expect(tripped).toEqual(["today's loss 1100.00 USD reached the daily loss limit 1000.00 USD; the kill switch goes on"]);
  });

  test("the day's baseline is the equity at its first live step, and a restart the same day keeps the stored one", () => {
    const stored = new Map<string, Money>();
    const baselines = { load: (day: string) => stored.get(day), save: (day: string, e: Money) => (stored.get(day) ?? (stored.set(day, e), e)) };
    const first = gate({ baselines }).g;
    first.observe(99_000, false); // a backfill step: prices not live yet
    expect(first.dayStartEquity).toBeUndefined();
    first.observe(100_000, true);
    expect(stored.get("2026-03-10")?.toString()).toBe("100000");
    const restarted = gate({ baselines }).g;
    restarted.observe(80_000, true);
    expect(restarted.dayStartEquity?.toString()).toBe("100000");
  });
});
