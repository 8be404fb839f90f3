import { joinWriteGroup, type Db, type WriteGroup } from "./db.ts";

export interface GroupCommitOptions {
  /** When the open group commits (default: queueMicrotask, i.e. once the current event-loop turn's code has run). */
  readonly schedule?: (flush: () => void) => void;
  /** A group committed: how long COMMIT took (the fsync) and how many writes and sends it carried. */
  readonly onCommit?: (info: { readonly ms: number; readonly writes: number; readonly sends: number }) => void;
  /** A group could not commit: rolled back, none of its sends done (each was told through its `abandon`). */
  readonly onFailure?: (error: Error, info: { readonly writes: number; readonly sends: number }) => void;
  /** A send threw (it was released; the others still go). */
  readonly onSendError?: (error: unknown) => void;
}

interface Pending {
  readonly send: () => void;
  readonly abandon: (error: Error) => void;
}

/**
 * Group commit for the runner's connection (docs/orders.md "Group commit"). The first
 * durable write of an event-loop turn opens one transaction (BEGIN IMMEDIATE); every
 * durable write after it in the same turn runs inside it, each in a savepoint of its own
 * (all-or-nothing as before); sends that depend on those writes are queued with
 * `afterCommit`. At the end of the turn the group commits once with synchronous=FULL, and
 * only then are the queued sends released, in order. A failed COMMIT rolls the group back
 * and releases none of its sends: each is abandoned with the error. So many symbols' intents
 * that arrive in one socket read cost one fsync, and no order leaves before its intent
 * (and every write before it in that turn) is on disk.
 */
export class GroupCommit implements WriteGroup {
  readonly db: Db;
  readonly #o: GroupCommitOptions;
  readonly #schedule: (flush: () => void) => void;
  #open = false;
  #writes = 0;
  #pending: Pending[] = [];
  #firstSendAt = 0;
  /** synchronous before the group raised it to FULL (restored after COMMIT), or -1. */
  #restore = -1;
  #leave: () => void;
  #closed = false;

  constructor(db: Db, options: GroupCommitOptions = {}) {
    this.db = db;
    this.#o = options;
    this.#schedule = options.schedule ?? queueMicrotask;
    this.#leave = joinWriteGroup(db, this);
  }

  /** Whether a group is open (writes waiting for their commit). */
  get open(): boolean {
    return this.#open;
  }

  /** Runs `fn` inside the open group (opening one), in a savepoint: it applies whole or not at all. */
  write<T>(fn: () => T): T {
    if (!this.#open) {
      if (this.db.inTransaction) return fn(); // another's transaction, not a group: it decides
      this.#begin();
    }
    this.#writes++;
    return this.db.transaction(fn)();
  }

  /**
   * `send` once everything written so far is committed: now when no group is open, else
   * right after the group's COMMIT. If the COMMIT fails, `abandon` is called instead.
   */
  afterCommit(send: () => void, abandon: (error: Error) => void): void {
    if (!this.#open) {
      this.#run(send);
      return;
    }
    if (this.#pending.length === 0) this.#firstSendAt = performance.now();
    this.#pending.push({ send, abandon });
  }

  /**
   * Commits now if a send has waited `ms` or more for the end of the turn: a long turn (a
   * large socket read, a loaded machine) then costs a second fsync instead of holding the
   * first orders back until all of it is processed.
   */
  flushIfWaited(ms: number): void {
    if (this.#pending.length > 0 && performance.now() - this.#firstSendAt >= ms) this.flush();
  }

  /** Commits the open group now and releases its sends (also what the scheduled flush does). */
  flush(): void {
    if (!this.#open) return;
    const pending = this.#pending;
    const writes = this.#writes;
    this.#pending = [];
    this.#writes = 0;
    const started = performance.now();
    try {
      this.db.run("COMMIT");
    } catch (error) {
      this.#open = false;
      try {
        if (this.db.inTransaction) this.db.run("ROLLBACK");
      } catch {
        // the connection is gone; nothing was committed
      }
      this.#restoreSync();
      const err = error instanceof Error ? error : new Error(String(error));
      for (const p of pending) this.#run(() => p.abandon(err));
      this.#o.onFailure?.(err, { writes, sends: pending.length });
      return;
    }
    this.#open = false;
    this.#restoreSync();
    this.#o.onCommit?.({ ms: performance.now() - started, writes, sends: pending.length });
    for (const p of pending) this.#run(p.send);
  }

  /** Commits what is open and stops grouping: durable writes are their own transactions again. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.flush();
    this.#leave();
  }

  #begin(): void {
    if (this.#closed) throw new Error("group commit: closed");
    const sync = (this.db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
    // The safety level cannot change inside a transaction: raise it before BEGIN.
    if (sync < 2) {
      this.db.run("PRAGMA synchronous = FULL");
      this.#restore = sync;
    }
    this.db.run("BEGIN IMMEDIATE");
    this.#open = true;
    this.#schedule(() => this.flush());
  }

  #restoreSync(): void {
    if (this.#restore < 0) return;
    const to = this.#restore;
    this.#restore = -1;
    try {
      this.db.run(`PRAGMA synchronous = ${to}`);
    } catch {
      // a closed connection keeps nothing
    }
  }

  #run(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (this.#o.onSendError) this.#o.onSendError(error);
      else throw error;
    }
  }
}
