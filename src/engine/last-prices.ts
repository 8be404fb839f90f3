import type { PriceLookup } from "../core/risk/index.ts";

/**
 * The last accepted close of each of a pipeline's symbols, kept by slot: the sink stores one
 * number a bar (a Map.set keyed by the symbol cost ~40 ns a bar, 40 ms in a million), and the
 * risk rules look a symbol up only when an order comes. Like a Map of the closes: a symbol not
 * in the pipeline, or without a bar yet, has no price (undefined).
 */
export class LastPrices implements PriceLookup {
  readonly #closes: Float64Array;
  /** 1 once the slot has had a bar (a close may be NaN under --no-validate, and is still its price). */
  readonly #seen: Uint8Array;
  readonly #slots: ReadonlyMap<string, number>;

  constructor(symbols: readonly string[]) {
    this.#closes = new Float64Array(symbols.length);
    this.#seen = new Uint8Array(symbols.length);
    this.#slots = new Map(symbols.map((symbol, slot) => [symbol, slot]));
  }

  set(slot: number, close: number): void {
    this.#closes[slot] = close;
    this.#seen[slot] = 1;
  }

  get(symbol: string): number | undefined {
    const slot = this.#slots.get(symbol);
    return slot !== undefined && this.#seen[slot] === 1 ? this.#closes[slot] : undefined;
  }
}
