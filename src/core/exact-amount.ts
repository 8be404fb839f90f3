import { bigOfUnits, numberOfUnits, unitsOf } from "./money-units.ts";
import { toNumber, type Money } from "./money.ts";

/**
 * A running money amount (cash, a cost basis, a total) kept exact two ways: as whole units
 * of 1e-8 USD while it fits (money-units.ts: plain float64 arithmetic, no allocation) and
 * as big.js otherwise. The big.js value is made only when someone reads `value`.
 */
export class ExactAmount {
  /** NaN when the amount does not fit in units; `#big` is then the truth. */
  #units: number;
  #big: Money | undefined;

  constructor(value: Money) {
    this.#units = unitsOf(value);
    this.#big = value;
  }

  /** Whole units of 1e-8 USD, or NaN when the amount is only held as big.js. */
  get units(): number {
    return this.#units;
  }

  get value(): Money {
    return this.#big ?? (this.#big = bigOfUnits(this.#units));
  }

  /** The nearest float64 (for equity and sizing): the same number as `toNumber(value)`. */
  get number(): number {
    return Number.isNaN(this.#units) ? toNumber(this.#big!) : numberOfUnits(this.#units);
  }

  set(value: Money): void {
    this.#units = unitsOf(value);
    this.#big = value;
  }

  /** `units` must be a whole number of units (not NaN). */
  setUnits(units: number): void {
    this.#units = units;
    this.#big = undefined;
  }
}
