import { relaxedTransaction, type Db } from "../../adapters/sqlite/db.ts";
import { insertEquitySnapshot, insertSignal, type EquitySnapshot, type SignalRecord } from "../../adapters/sqlite/snapshots-repo.ts";
import { money } from "../../core/money.ts";
import type { Portfolio } from "../../core/portfolio.ts";
import type { Logger } from "../../log/logger.ts";

export interface RunJournalOptions {
  readonly db: Db;
  readonly runId: number;
  readonly strategy: string;
  readonly portfolio: Portfolio;
  /** Wall clock (row times). */
  readonly now: () => number;
  /** At most one equity snapshot per this many wall ms (default 1000); the last one is always written by `close`. */
  readonly minIntervalMs?: number;
  /** How often what was kept is written (default 250 ms); `flush` and `close` write at once. */
  readonly flushMs?: number;
  readonly log: Logger;
}

/** Rows kept at most between writes (a stalled timer must not grow the buffer without bound). */
const MAX_BUFFERED = 5_000;

/**
 * What the runner writes for the status page besides orders and fills: an equity snapshot
 * per closed live time step (throttled) and one signals row per strategy decision. Every
 * amount is exact: cash, realized and unrealized from the books, equity = cash + sum of
 * qty x last price. A position without a known price makes equity unknown: no snapshot
 * then, never a guessed one. Nothing here is written on the bar path: rows are taken there
 * (values and wall time of the moment) and written by a timer in one transaction without
 * an fsync of its own (no order depends on them). A failed write is logged; trading goes on.
 */
export class RunJournal {
  readonly #o: RunJournalOptions;
  #lastSnapshot = -Infinity;
  #pending: number | undefined;
  #warned = 0;
  #signals: SignalRecord[] = [];
  #snapshots: EquitySnapshot[] = [];
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: RunJournalOptions) {
    this.#o = options;
    this.#timer = setInterval(() => this.flush(), options.flushMs ?? 250);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** The close of live time step `marketTime`: snapshot now, or at the next step once the interval has passed. */
  stepClosed(marketTime: number): void {
    this.#pending = marketTime;
    if (this.#o.now() - this.#lastSnapshot < (this.#o.minIntervalMs ?? 1000)) return;
    this.#takeSnapshot();
  }

  /** A decision of the strategy (or a protective exit) on a live bar. */
  /** `strategy`: the one of several strategies that decided (default: the run's strategy). */
  signal(symbol: string, kind: string, value: Record<string, unknown>, strategy: string = this.#o.strategy): void {
    this.#signals.push({ runId: this.#o.runId, time: this.#o.now(), strategy, symbol, kind, value });
    if (this.#signals.length >= MAX_BUFFERED) this.flush();
  }

  /** Writes what was kept, in one transaction. */
  flush(): void {
    if (this.#signals.length === 0 && this.#snapshots.length === 0) return;
    const signals = this.#signals;
    const snapshots = this.#snapshots;
    this.#signals = [];
    this.#snapshots = [];
    try {
      relaxedTransaction(this.#o.db, () => {
        for (const s of signals) insertSignal(this.#o.db, s);
        for (const s of snapshots) insertEquitySnapshot(this.#o.db, s);
      });
    } catch (error) {
      if (this.#warned++ < 5) this.#o.log.warn(`${signals.length} signal(s) and ${snapshots.length} equity snapshot(s) not stored: ${(error as Error).message}`);
    }
  }

  /** Takes the step still waiting for its interval and writes everything (at shutdown). */
  close(): void {
    clearInterval(this.#timer);
    this.#takeSnapshot();
    this.flush();
  }

  /** The books as one snapshot, or undefined when a position has no price yet. */
  snapshot(marketTime: number): EquitySnapshot | undefined {
    const books = this.#o.portfolio;
    const positions = books.positions().map((p) => ({ symbol: p.symbol, qty: p.qty, price: books.lastPrice(p.symbol) }));
    if (positions.some((p) => !Number.isFinite(p.price))) return undefined;
    const equity = positions.reduce((sum, p) => sum.plus(money(p.price).times(p.qty)), books.cash);
    return {
      runId: this.#o.runId, time: this.#o.now(), marketTime, cash: books.cash, equity, realized: books.realized, unrealized: books.unrealized(), positions,
    };
  }

  #takeSnapshot(): void {
    const marketTime = this.#pending;
    if (marketTime === undefined) return;
    const snapshot = this.snapshot(marketTime);
    if (!snapshot) return;
    this.#pending = undefined;
    this.#lastSnapshot = snapshot.time;
    this.#snapshots.push(snapshot);
    if (this.#snapshots.length >= MAX_BUFFERED) this.flush();
  }
}
