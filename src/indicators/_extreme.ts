/**
 * Highest (or lowest) value over the last `window` pushes, with its push index, by a monotonic
 * deque: amortized O(1) per push, no allocation after construction. On ties the most recent
 * push wins, as TA-Lib's AROON rescans with >= / <=.
 */
export class WindowExtreme {
  readonly #window: number;
  readonly #sign: number;
  readonly #values: Float64Array;
  readonly #indices: Float64Array;
  #head = 0;
  #size = 0;
  #pushed = 0;

  constructor(window: number, kind: "max" | "min") {
    this.#window = window;
    this.#sign = kind === "max" ? 1 : -1;
    this.#values = new Float64Array(window + 1);
    this.#indices = new Float64Array(window + 1);
  }

  /** Pushes; returns the extreme of the last `window` values (including this one). */
  push(x: number): number {
    const cap = this.#values.length;
    const v = this.#sign * x;
    const index = this.#pushed++;
    while (this.#size > 0) {
      const back = (this.#head + this.#size - 1) % cap;
      if (this.#values[back]! > v) break;
      this.#size--;
    }
    const slot = (this.#head + this.#size) % cap;
    this.#values[slot] = v;
    this.#indices[slot] = index;
    this.#size++;
    while (this.#indices[this.#head]! <= index - this.#window) {
      this.#head = (this.#head + 1) % cap;
      this.#size--;
    }
    return this.#sign * this.#values[this.#head]!;
  }

  /** How many pushes ago the current extreme came (0 = the latest push). */
  get age(): number {
    return this.#pushed - 1 - this.#indices[this.#head]!;
  }

  /** Push index (0-based since reset) of the current extreme. */
  get index(): number {
    return this.#indices[this.#head]!;
  }

  reset(): void {
    this.#head = 0;
    this.#size = 0;
    this.#pushed = 0;
  }
}
