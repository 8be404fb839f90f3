/**
 * Closes live time steps for MarketDataSink.timeEnd without making any symbol wait: each
 * symbol's bar goes to the engine as it arrives; a step `t` ends when every symbol has
 * delivered its bar for `t`, or, for symbols that lag or have no bar, once some symbol
 * delivers a bar two steps later. Steps end in time order, each once.
 */
export class TimeSteps {
  readonly #symbols: number;
  readonly #barMs: number;
  readonly #onEnd: (time: number) => void;
  /** Open step time -> symbols delivered. */
  readonly #open = new Map<number, number>();
  #lastEnded = -Infinity;

  constructor(symbols: number, barMs: number, onEnd: (time: number) => void) {
    this.#symbols = symbols;
    this.#barMs = barMs;
    this.#onEnd = onEnd;
  }

  arrived(time: number): void {
    if (time <= this.#lastEnded) return;
    const n = (this.#open.get(time) ?? 0) + 1;
    this.#open.set(time, n);
    const due = n >= this.#symbols ? time : time - 2 * this.#barMs;
    this.#endThrough(due);
  }

  /** Ends every open step (on stop). */
  flush(): void {
    this.#endThrough(Infinity);
  }

  #endThrough(limit: number): void {
    if (this.#open.size === 0) return;
    const due = [...this.#open.keys()].filter((t) => t <= limit).sort((a, b) => a - b);
    for (const t of due) {
      this.#open.delete(t);
      this.#lastEnded = t;
      this.#onEnd(t);
    }
  }
}
