/**
 * Events per second and per minute (bars, orders) from a ring of one-second slots.
 * Time is passed in (epoch ms); `record` is O(1) and memory is fixed.
 */
const MINUTE_S = 60;
// One more than a minute: the current, incomplete second has its own slot.
const SLOTS = MINUTE_S + 1;
const SHORT_WINDOW_S = 10;

export interface ThroughputSummary {
  /** Events since the meter was made. */
  readonly total: number;
  /** Events since the previous snapshot, and their rate over that interval (null without one). */
  readonly interval: { readonly count: number; readonly perSecond: number | null };
  /** Average per second over the last 10 complete seconds. */
  readonly perSecond: number;
  /** Events in the last 60 complete seconds. */
  readonly perMinute: number;
}

export class Throughput {
  #counts = new Float64Array(SLOTS);
  #seconds = new Float64Array(SLOTS).fill(-1);
  #total = 0;
  #interval = 0;

  get total(): number {
    return this.#total;
  }

  record(now: number, n = 1): void {
    if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`throughput: event count must be a finite number >= 0, got ${n}`);
    const second = Math.floor(now / 1000);
    const slot = ((second % SLOTS) + SLOTS) % SLOTS;
    if (this.#seconds[slot] !== second) {
      this.#seconds[slot] = second;
      this.#counts[slot] = 0;
    }
    this.#counts[slot]! += n;
    this.#total += n;
    this.#interval += n;
  }

  /** Events in the `seconds` complete seconds before `now`'s second. */
  countInLast(now: number, seconds: number): number {
    const current = Math.floor(now / 1000);
    let sum = 0;
    for (let i = 0; i < SLOTS; i++) {
      const s = this.#seconds[i]!;
      if (s < current && s >= current - seconds) sum += this.#counts[i]!;
    }
    return sum;
  }

  /** The summary as of `now`; `intervalMs` is the time since the previous snapshot. */
  summary(now: number, intervalMs: number | null): ThroughputSummary {
    const rate = intervalMs !== null && intervalMs > 0 ? round((this.#interval * 1000) / intervalMs) : null;
    return {
      total: this.#total,
      interval: { count: this.#interval, perSecond: rate },
      perSecond: round(this.countInLast(now, SHORT_WINDOW_S) / SHORT_WINDOW_S),
      perMinute: this.countInLast(now, MINUTE_S),
    };
  }

  /** Starts a new snapshot interval. */
  resetInterval(): void {
    this.#interval = 0;
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
