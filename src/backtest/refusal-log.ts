import type { Refusal } from "../core/events.ts";
import type { OrderIntent } from "../core/order.ts";
import type { Store } from "../engine/ports.ts";
import { WARM_UP_RULE } from "../engine/risk-gate.ts";
import type { BacktestRefusal } from "./types.ts";

/**
 * A backtest's store: it keeps the orders a risk rule refused (warm-up excluded), in order. A
 * class of its own so that the app can tell the JIT how often it runs (per order:
 * app/backtest/top-tier.ts).
 */
export class RefusalLog implements Store {
  readonly #refusals: BacktestRefusal[];

  constructor(refusals: BacktestRefusal[]) {
    this.#refusals = refusals;
  }

  recordIntent(): void {}
  recordOrderUpdate(): void {}
  recordFill(): void {}

  recordRefusal(intent: OrderIntent, refusal: Refusal): void {
    if (refusal.rule !== WARM_UP_RULE) this.#refusals.push(refusalOf(intent, refusal));
  }
}

export function refusalOf(intent: OrderIntent, refusal: Refusal): BacktestRefusal {
  // Thousands in a long run (18,780 in a million minute bars): one object, no spreads; fields in this order.
  const out: { -readonly [K in keyof BacktestRefusal]: BacktestRefusal[K] } = {
    key: intent.key, time: intent.signalTime, symbol: intent.symbol, side: intent.side, qty: intent.qty, rule: refusal.rule, reason: refusal.reason,
  };
  if (refusal.limit !== undefined) out.limit = refusal.limit;
  if (refusal.actual !== undefined) out.actual = refusal.actual;
  return out;
}
