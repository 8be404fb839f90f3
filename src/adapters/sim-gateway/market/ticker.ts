import type { Clock } from "../../../core/clock.ts";
import { STEP_SECONDS } from "./intraday.ts";
import type { MarketReplay } from "./replay.ts";

/**
 * Drives streaming (bar updates, ticks, order matching): fires once per 5-second replay step,
 * but never more often than every `minRealMs` of real time (at high speed several steps pass
 * per tick and listeners read the state at the replay's now). Runs only while subscribed.
 */
export class ReplayTicker {
  readonly #clock: Clock;
  readonly #replay: MarketReplay;
  readonly #minRealMs: number;
  readonly #listeners = new Set<(now: number) => void>();
  #cancel: (() => void) | undefined;

  constructor(clock: Clock, replay: MarketReplay, minRealMs = 200) {
    this.#clock = clock;
    this.#replay = replay;
    this.#minRealMs = minRealMs;
  }

  get intervalMs(): number {
    return Math.max(this.#minRealMs, (STEP_SECONDS * 1000) / this.#replay.speed);
  }

  subscribe(listener: (now: number) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#cancel) this.#schedule();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #schedule(): void {
    this.#cancel = this.#clock.setTimer(this.intervalMs, () => {
      this.#cancel = undefined;
      const now = this.#replay.now();
      for (const l of [...this.#listeners]) {
        try {
          l(now);
        } catch {
          // A listener's failure must not stop the others; listeners log their own errors.
        }
      }
      if (this.#listeners.size > 0 && !this.#cancel) this.#schedule();
    });
  }
}
