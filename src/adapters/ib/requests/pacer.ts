import { sleep } from "../../clock/system-clock.ts";
import type { Clock } from "../../../core/clock.ts";

/**
 * IB's message-rate limit: at most 50 messages per second from one client, all types
 * together (error 100 and likely a disconnect beyond). A token bucket kept a little below.
 */
export class MessagePacer {
  #tokens: number;
  #last: number;
  readonly #perSecond: number;
  readonly #clock: Clock;

  constructor(clock: Clock, perSecond = 45) {
    if (!(perSecond > 0 && perSecond <= 50)) throw new RangeError(`MessagePacer: perSecond must be in (0, 50], got ${perSecond}`);
    this.#clock = clock;
    this.#perSecond = perSecond;
    this.#tokens = perSecond;
    this.#last = clock.now();
  }

  /** Takes a token if one is there; else returns how many ms until one will be. */
  tryTake(): number {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#perSecond, this.#tokens + ((now - this.#last) * this.#perSecond) / 1000);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.#perSecond);
  }

  async take(): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(this.#clock, wait);
  }
}

export interface HistoricalRequestKey {
  /** Everything that makes two requests identical (contract, end, duration, bar size, what). */
  readonly identity: string;
  /** Contract + exchange + whatToShow. */
  readonly contract: string;
  /** Bars of 30 seconds or less fall under IB's hard pacing rules. */
  readonly smallBars: boolean;
  /** BID_ASK counts twice. */
  readonly weight?: number;
}

export const HISTORICAL_LIMITS = {
  maxOpen: 50,
  identicalWindowMs: 15_000,
  sameContractWindowMs: 2_000,
  sameContractMax: 5,
  smallBarsWindowMs: 600_000,
  smallBarsMax: 60,
} as const;

/**
 * Extra wait past each window: IB times a request when it arrives, we when we send it, so a
 * request sent exactly as a window closes can still land inside it (error 162).
 */
export function pacingMargin(windowMs: number): number {
  return Math.max(500, Math.round(windowMs * 0.05));
}

/** Resolves after `ms` on `clock`, or at once when `signal` aborts; false when aborted. */
export function abortableSleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      cancel();
      resolve(false);
    };
    const cancel = clock.setTimer(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * IB's historical-data pacing (historical_limitations.html): at most 50 open requests;
 * fewer than 6 for one contract within 2 s; and for bars of 30 s or less, no identical
 * request within 15 s and at most 60 requests in any 10 minutes. Each window is kept a
 * little longer (`pacingMargin`). `delayFor` says how long to wait; `acquire` waits.
 */
export class HistoricalPacer {
  readonly #clock: Clock;
  #open = 0;
  #sent: { at: number; key: HistoricalRequestKey }[] = [];
  #waiters: (() => void)[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get open(): number {
    return this.#open;
  }

  /** 0 = may go now; Infinity = must wait for an open request to finish; else ms. */
  delayFor(key: HistoricalRequestKey): number {
    const now = this.#clock.now();
    const L = HISTORICAL_LIMITS;
    const identical = L.identicalWindowMs + pacingMargin(L.identicalWindowMs);
    const sameWindow = L.sameContractWindowMs + pacingMargin(L.sameContractWindowMs);
    const smallWindow = L.smallBarsWindowMs + pacingMargin(L.smallBarsWindowMs);
    this.#sent = this.#sent.filter((s) => now - s.at < smallWindow);
    if (this.#open >= L.maxOpen) return Infinity;
    let wait = 0;
    for (const s of this.#sent) {
      if (key.smallBars && s.key.identity === key.identity) wait = Math.max(wait, s.at + identical - now);
    }
    const sameContract = this.#sent.filter((s) => s.key.contract === key.contract && now - s.at < sameWindow);
    const sameWeight = sameContract.reduce((n, s) => n + (s.key.weight ?? 1), 0);
    if (sameWeight + (key.weight ?? 1) > L.sameContractMax) {
      const oldest = sameContract[0];
      if (oldest) wait = Math.max(wait, oldest.at + sameWindow - now);
    }
    if (key.smallBars) {
      const small = this.#sent.filter((s) => s.key.smallBars);
      const weight = small.reduce((n, s) => n + (s.key.weight ?? 1), 0);
      if (weight + (key.weight ?? 1) > L.smallBarsMax) {
        const oldest = small[0];
        if (oldest) wait = Math.max(wait, oldest.at + smallWindow - now);
      }
    }
    return Math.max(0, wait);
  }

  /** Records a request as sent and open. */
  start(key: HistoricalRequestKey): void {
    this.#open += 1;
    this.#sent.push({ at: this.#clock.now(), key });
  }

  /** Marks one open request as answered (data, error or cancel). */
  finish(): void {
    this.#open = Math.max(0, this.#open - 1);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  /**
   * Waits until the rules allow `key`, then records it; returns the ms waited, or undefined
   * when `signal` aborted the wait (then nothing is recorded: a Ctrl-C never waits out a window).
   */
  async acquire(key: HistoricalRequestKey, signal?: AbortSignal): Promise<number | undefined> {
    const started = this.#clock.now();
    for (;;) {
      if (signal?.aborted) return undefined;
      const wait = this.delayFor(key);
      if (wait === 0) break;
      if (wait === Infinity) await this.#slotFreed(signal);
      else await abortableSleep(this.#clock, wait, signal);
    }
    this.start(key);
    return this.#clock.now() - started;
  }

  #slotFreed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve();
      };
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiters.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
