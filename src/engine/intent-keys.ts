import { intentKey, intentKeyPrefix, type OrderRequest } from "../core/order.ts";

/** A signal time's text is split at 10^6 ms: the millions (a whole number below 2^31) and six digits. */
const MILLION = 1_000_000;
/** Times the split words as `String(time)` does: whole, with at least seven digits, millions below 2^31. */
const MIN_SPLIT = MILLION;
const MAX_SPLIT = 2 ** 31 * MILLION;

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
  /**
   * Per slot and side, the prefix and the millions of the last key's time ("rt:s:AAPL:buy:946859"),
   * and those millions: a key is then this stem and six digits, with no number made text (a
   * minute-bar run makes ~20k keys, the millions change every ~17 minutes).
   */
  readonly #stem: string[] = [];
  readonly #stemMillions: Float64Array;
  /** The six digits of a time's rest below a million, by thousands ("060000"), made when first asked. */
  readonly #six: string[] = [];

  constructor(strategy: { readonly name: string }, slots: number) {
    this.#strategy = strategy;
    this.#time = new Float64Array(slots).fill(NaN);
    this.#count = new Int32Array(2 * slots);
    this.#stemMillions = new Float64Array(2 * slots).fill(NaN);
    for (let i = 0; i < 2 * slots; i++) this.#stem.push("");
  }

  fresh(slot: number, order: OrderRequest, signalTime: number, strategy: string): string {
    if (this.#time[slot] !== signalTime) {
      this.#time[slot] = signalTime;
      this.#count[2 * slot] = 0;
      this.#count[2 * slot + 1] = 0;
    }
    const side = 2 * slot + (order.side === "buy" ? 0 : 1);
    const n = ++this.#count[side]!;
    let base: string;
    if (strategy !== this.#strategy.name) base = intentKey(strategy, order.symbol, order.side, signalTime);
    else if (!(signalTime >= MIN_SPLIT && signalTime < MAX_SPLIT && signalTime % 1000 === 0)) {
      base = (this.#prefix[side] ??= intentKeyPrefix(strategy, order.symbol, order.side)) + signalTime;
    } else {
      // The run's own strategy (nearly every key): the prefix per slot and side is made once, and
      // the time is its millions' stem (made again every ~17 minutes) and six digits. All in
      // this one public method: a private helper could not be kept off the top tier (top-tier.ts).
      const millions = Math.floor(signalTime / MILLION);
      if (millions !== this.#stemMillions[side]) {
        this.#stemMillions[side] = millions;
        this.#stem[side] = (this.#prefix[side] ??= intentKeyPrefix(strategy, order.symbol, order.side)) + millions;
      }
      const thousands = ((signalTime - millions * MILLION) / 1000) | 0;
      base = this.#stem[side] + (this.#six[thousands] ??= sixDigits(thousands * 1000));
    }
    return n === 1 ? base : `${base}:${n}`;
  }
}

/** `rest` (0 to 999,999) as six digits, zeros in front. */
function sixDigits(rest: number): string {
  return String(rest).padStart(6, "0");
}
