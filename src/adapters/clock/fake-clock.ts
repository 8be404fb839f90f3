import type { Clock } from "../../core/clock.ts";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * The one fake Clock for tests: nothing fires until time is moved past it. `advance` fires
 * due timers (and timers they schedule) in time order, synchronously; `advanceAsync` does
 * the same but lets promises settle before and after each timer, for code that awaits
 * between timers (pacing waits, backoff, heartbeats).
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  /** Default start: 2020-01-02 15:00 UTC, a New York trading day's morning. */
  constructor(start = Date.UTC(2020, 0, 2, 15, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Timers not fired or cancelled yet. */
  get pending(): number {
    return this.#timers.length;
  }

  advance(ms: number): void {
    const end = this.#now + ms;
    for (let due = this.#due(end); due; due = this.#due(end)) this.#fire(due);
    this.#now = end;
  }

  async advanceAsync(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#due(end);
      if (!due) break;
      this.#fire(due);
    }
    this.#now = end;
    await settle();
  }

  #due(end: number): Timer | undefined {
    let first: Timer | undefined;
    for (const t of this.#timers) if (t.at <= end && (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
    return first;
  }

  #fire(due: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== due);
    this.#now = Math.max(this.#now, due.at);
    due.fn();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
