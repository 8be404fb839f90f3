import type { Refusal } from "../core/events.ts";
import type { OrderIntent } from "../core/order.ts";
import type { Store } from "../engine/ports.ts";
import { WARM_UP_RULE } from "../engine/risk-gate.ts";
import type { RefusalList } from "./refusal-list.ts";
import type { BacktestRefusal } from "./types.ts";

/**
 * A backtest's store: it keeps the orders a risk rule refused (warm-up excluded), in order, in a
 * RefusalList (market-hours and max-daily-trades as numbers, any other as its record). A class
 * of its own so that the app can tell the JIT how often it runs (per order: app/backtest/top-tier.ts).
 */
export class RefusalLog implements Store {
  readonly #list: RefusalList;

  constructor(list: RefusalList) {
    this.#list = list;
  }

  recordIntent(): void {}
  recordOrderUpdate(): void {}
  recordFill(): void {}

  recordRefusal(intent: OrderIntent, refusal: Refusal): void {
    const rule = refusal.rule;
    if (rule === WARM_UP_RULE) return;
    const list = this.#list;
    if (rule === "market-hours" && refusal.limit === undefined && refusal.actual === undefined) {
      if (list.pushMarketHours(intent, refusal.reason)) return;
    } else if (rule === "max-daily-trades" && typeof refusal.limit === "number" && typeof refusal.actual === "number") {
      if (list.pushMaxDailyTrades(intent, refusal.reason, refusal.limit, refusal.actual)) return;
    }
    list.pushEager(refusalOf(intent, refusal));
  }
}

export function refusalOf(intent: OrderIntent, refusal: Refusal): BacktestRefusal {
  // One object, no spreads; fields in this order.
  const out: { -readonly [K in keyof BacktestRefusal]: BacktestRefusal[K] } = {
    key: intent.key, time: intent.signalTime, symbol: intent.symbol, side: intent.side, qty: intent.qty, rule: refusal.rule, reason: refusal.reason,
  };
  if (refusal.limit !== undefined) out.limit = refusal.limit;
  if (refusal.actual !== undefined) out.actual = refusal.actual;
  return out;
}
