import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema } from "../config/schema.ts";
import { fromNewYork } from "../core/calendar/index.ts";
import { money } from "../core/money.ts";
import type { OrderIntent, OrderRequest } from "../core/order.ts";
import { Portfolio } from "../core/portfolio.ts";
import { IntentKeys } from "../engine/intent-keys.ts";
import { RiskGate } from "../engine/risk-gate.ts";
import { refusalsByRule } from "./refusals-of.ts";
import { RefusalList } from "./refusal-list.ts";
import { RefusalLog, refusalOf } from "./refusal-log.ts";
import type { BacktestRefusal } from "./types.ts";

const MINUTE = 60_000;
const config = v.parse(AppConfigSchema, {});

/**
 * Orders every few minutes over three New York days (inside and outside the regular session),
 * through a real risk gate (the regular session, two trades per symbol and day), its
 * refusals (warm-up, market hours, duplicates, trades per day) kept by a RefusalLog and, beside it, as the records the eager code made.
 */
function run(): { list: RefusalList; eager: BacktestRefusal[] } {
  const list = new RefusalList(MINUTE);
  const log = new RefusalLog(list);
  const eager: BacktestRefusal[] = [];
  const start = fromNewYork("2026-03-09", 7 * 60);
  const warmUpEnd = start + 30 * MINUTE;
  const gate = new RiskGate({
    limits: { ...config.risk, maxDailyTradesPerSymbol: 2, maxPositionValue: 1e9 },
    sessions: ["regular"], circuit: config.circuitBreaker, now: () => NaN, decisionDelayMs: MINUTE,
    killSwitch: { read: () => ({ on: false }), trip: () => {} }, prices: new Map([["AAPL", 100], ["MSFT", 50]]),
    isWarmUp: (intent) => intent.signalTime < warmUpEnd,
    onRefusal: (intent, refusal) => {
      log.recordRefusal(intent, refusal);
      if (refusal.rule !== "warm-up") eager.push(refusalOf(intent, refusal));
    },
  });
  gate.start([]);
  const keys = new IntentKeys({ name: "sma-cross" }, 2);
  const books = new Portfolio(money(100_000));
  const symbols = ["AAPL", "MSFT"];
  for (let m = 0; m < 3 * 24 * 60; m += 7) {
    const time = start + m * MINUTE;
    const slot = (m / 7) % 2;
    const order: OrderRequest = { symbol: symbols[slot]!, side: m % 3 === 0 ? "sell" : "buy", qty: 10 + (m % 4) * 15, type: "market", tif: "day" };
    // Now and then a second order of the same side on the bar (its key ends ":2"), or another strategy's.
    const times = m % 11 === 0 ? 2 : 1;
    for (let k = 0; k < times; k++) {
      const strategy = m % 13 === 0 ? "guard" : "sma-cross";
      const intent: OrderIntent = { ...order, key: keys.fresh(slot, order, time, strategy), strategy, signalTime: time };
      gate.check(intent, books);
    }
  }
  return { list, eager };
}

describe("a backtest's compact refusal list", () => {
  test("makes the same records, key and reason text as the eager code, in order, and counts them alike", () => {
    const { list, eager } = run();
    const byRule = refusalsByRule(eager);
    // Every kind is there: market-hours and max-daily-trades kept as numbers, ":2" keys and other rules as records.
    expect(byRule["market-hours"]).toBeGreaterThan(100);
    expect(byRule["max-daily-trades"]).toBeGreaterThan(5);
    expect(byRule["duplicate-order"]).toBeGreaterThan(0);
    expect(list.compact).toBeGreaterThan(0);
    expect(list.compact).toBeLessThan(eager.length);
    expect(eager.some((r) => r.key.endsWith(":2") && r.rule === "market-hours")).toBe(true);
    expect(list.count).toBe(eager.length);
    // Field order counts (the JSON output prints them in it): compared as text.
    expect(JSON.stringify(list.first(7))).toBe(JSON.stringify(eager.slice(0, 7)));
    expect(JSON.stringify(list.byRule())).toBe(JSON.stringify(byRule));
    const all = list.all();
    expect(JSON.stringify(all)).toBe(JSON.stringify(eager));
    expect(list.all()).toBe(all);
    expect(JSON.stringify(list.first(3))).toBe(JSON.stringify(eager.slice(0, 3)));
  });
});
