import { intentKey, intentKeyPrefix, type OrderRequest } from "../core/order.ts";

/**
 * An engine's order keys (Engine.submitFrom). Deterministic: the same strategy run on the same
 * bars makes the same keys. A second intent of the same side on the same bar gets ":2", a third
 * ":3" (bar times only grow). A class of its own so that the app can tell the JIT how often it
 * runs (per order: app/backtest/top-tier.ts).
 */
export class IntentKeys {
  /** The run's own strategy: its keys' prefixes are made once per slot and side. */
  readonly #strategy: { readonly name: string };
  /** Per slot: the last signal time and how many buy/sell intents it made (key suffixes). */
  readonly #time: Float64Array;
  readonly #count: Int32Array;
  /** Per slot and side (as #count), the run strategy's key prefix, made on its first key. */
  readonly #prefix: (string | undefined)[] = [];

  constructor(strategy: { readonly name: string }, slots: number) {
    this.#strategy = strategy;
    this.#time = new Float64Array(slots).fill(NaN);
    this.#count = new Int32Array(2 * slots);
  }

  fresh(slot: number, order: OrderRequest, signalTime: number, strategy: string): string {
    if (this.#time[slot] !== signalTime) {
      this.#time[slot] = signalTime;
      this.#count[2 * slot] = 0;
      this.#count[2 * slot + 1] = 0;
    }
    const side = 2 * slot + (order.side === "buy" ? 0 : 1);
    const n = ++this.#count[side]!;
    // The run's own strategy (nearly every key): its prefix per slot and side is made once.
    const base = strategy === this.#strategy.name ? (this.#prefix[side] ??= intentKeyPrefix(strategy, order.symbol, order.side)) + signalTime : intentKey(strategy, order.symbol, order.side, signalTime);
    return n === 1 ? base : `${base}:${n}`;
  }
}
