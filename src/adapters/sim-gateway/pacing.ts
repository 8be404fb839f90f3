import type { Clock } from "../../core/clock.ts";

/** IB's published limits (interactivebrokers.github.io/tws-api/historical_limitations.html). */
export const MAX_MESSAGES_PER_SECOND = 50;
export const MAX_OPEN_HISTORICAL = 50;
const IDENTICAL_WINDOW_MS = 15_000;
const SAME_CONTRACT_WINDOW_MS = 2_000;
const SAME_CONTRACT_MAX = 5; // the 6th within 2 s violates
const TEN_MINUTES_MS = 600_000;
const TEN_MINUTES_MAX = 60; // the 61st violates
const SMALL_BAR_SECONDS = 30;

export const PACING_VIOLATION_TEXT = "Historical Market Data Service error message:Historical data request pacing violation";

export interface HistoricalRequestKey {
  readonly contract: string; // symbol/secType/exchange
  readonly whatToShow: string;
  readonly barSeconds: number;
  readonly identity: string; // everything that makes two requests identical
}

export type PacingVerdict = { readonly ok: true } | { readonly ok: false; readonly rule: string };

/** Per-connection message rate: a sliding one-second window. */
export class MessageRate {
  readonly #clock: Clock;
  #times: number[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Records one message; returns how many arrived in the last second (this one included). */
  hit(): number {
    const now = this.#clock.now();
    this.#times = this.#times.filter((t) => now - t < 1000);
    this.#times.push(now);
    return this.#times.length;
  }
}

/** Gateway-wide historical-data pacing (IB paces per login, not per client connection). */
export class HistoricalPacing {
  readonly #clock: Clock;
  #log: { at: number; key: HistoricalRequestKey }[] = [];
  #open = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Checks a new request; when allowed it is recorded. BID_ASK counts twice, as at IB. */
  admit(key: HistoricalRequestKey): PacingVerdict {
    const now = this.#clock.now();
    this.#log = this.#log.filter((e) => now - e.at < TEN_MINUTES_MS);
    if (this.#open >= MAX_OPEN_HISTORICAL) return { ok: false, rule: `more than ${MAX_OPEN_HISTORICAL} open historical requests` };
    if (key.barSeconds <= SMALL_BAR_SECONDS) {
      if (this.#log.some((e) => e.key.identity === key.identity && now - e.at < IDENTICAL_WINDOW_MS)) {
        return { ok: false, rule: "identical request within 15 seconds" };
      }
      const weight = (e: { key: HistoricalRequestKey }) => (e.key.whatToShow === "BID_ASK" ? 2 : 1);
      const sameContract = this.#log
        .filter((e) => e.key.contract === key.contract && e.key.whatToShow === key.whatToShow && now - e.at < SAME_CONTRACT_WINDOW_MS)
        .reduce((n, e) => n + weight(e), 0);
      if (sameContract >= SAME_CONTRACT_MAX) return { ok: false, rule: "6 or more requests for the same contract within 2 seconds" };
      const small = this.#log.filter((e) => e.key.barSeconds <= SMALL_BAR_SECONDS).reduce((n, e) => n + weight(e), 0);
      if (small >= TEN_MINUTES_MAX) return { ok: false, rule: "more than 60 requests within 10 minutes" };
    }
    this.#log.push({ at: now, key });
    return { ok: true };
  }

  /** keepUpToDate subscriptions stay open until cancelled. */
  opened(): void {
    this.#open++;
  }
  closed(): void {
    this.#open = Math.max(0, this.#open - 1);
  }
  get open(): number {
    return this.#open;
  }
}
