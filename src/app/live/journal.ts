import type { Db } from "../../adapters/sqlite/db.ts";
import { insertEquitySnapshot, insertSignal, type EquitySnapshot } from "../../adapters/sqlite/snapshots-repo.ts";
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
  readonly log: Logger;
}

/**
 * What the runner writes for the status page besides orders and fills: an equity snapshot
 * per closed live time step (throttled) and one signals row per strategy decision. Every
 * amount is exact: cash, realized and unrealized from the books, equity = cash + sum of
 * qty x last price. A position without a known price makes equity unknown: no snapshot
 * then, never a guessed one. A failed write is logged; trading goes on.
 */
export class RunJournal {
  readonly #o: RunJournalOptions;
  #lastWrite = -Infinity;
  #pending: number | undefined;
  #warned = 0;

  constructor(options: RunJournalOptions) {
    this.#o = options;
  }

  /** The close of live time step `marketTime`: snapshot now, or at the next step once the interval has passed. */
  stepClosed(marketTime: number): void {
    this.#pending = marketTime;
    if (this.#o.now() - this.#lastWrite < (this.#o.minIntervalMs ?? 1000)) return;
    this.#writeEquity();
  }

  /** A decision of the strategy (or a protective exit) on a live bar. */
  /** `strategy`: the one of several strategies that decided (default: the run's strategy). */
  signal(symbol: string, kind: string, value: Record<string, unknown>, strategy: string = this.#o.strategy): void {
    this.#safely("signal", () => insertSignal(this.#o.db, { runId: this.#o.runId, time: this.#o.now(), strategy, symbol, kind, value }));
  }

  /** Writes the step still waiting for its interval (at shutdown). */
  close(): void {
    this.#writeEquity();
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

  #writeEquity(): void {
    const marketTime = this.#pending;
    if (marketTime === undefined) return;
    const snapshot = this.snapshot(marketTime);
    if (!snapshot) return;
    this.#pending = undefined;
    this.#lastWrite = snapshot.time;
    this.#safely("equity snapshot", () => insertEquitySnapshot(this.#o.db, snapshot));
  }

  #safely(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      if (this.#warned++ < 5) this.#o.log.warn(`${what} not stored: ${(error as Error).message}`);
    }
  }
}
