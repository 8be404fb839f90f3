/**
 * The simulator's only source of time and timers, so tests can drive it without sleeping:
 * `ManualClock.advance(ms)` moves time and fires the timers that fall due, in order.
 */
export interface SimClock {
  now(): number;
  /** Calls fn after ms; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: SimClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(t);
  },
};

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class ManualClock implements SimClock {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];

  constructor(startMs = Date.UTC(2020, 0, 2, 15, 0, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const entry = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((p) => p !== entry);
    };
  }

  /** Moves time forward by ms, firing due timers (including ones they schedule) in time order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((p) => p !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }

  get pendingTimers(): number {
    return this.#pending.length;
  }
}
