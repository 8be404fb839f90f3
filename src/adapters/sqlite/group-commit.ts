import { joinWriteGroup, type Db, type WriteGroup } from "./db.ts";

export interface GroupCommitOptions {
  /** When the open group commits (default: queueMicrotask, i.e. once the current event-loop turn's code has run). */
  readonly schedule?: (flush: () => void) => void;
  /** A group is durable: from COMMIT to on disk (the fsync included), and how many writes and sends it carried. */
  readonly onCommit?: (info: { readonly ms: number; readonly writes: number; readonly sends: number }) => void;
  /** A group could not be made durable: none of its sends done (each was told through its `abandon`). */
  readonly onFailure?: (error: Error, info: { readonly writes: number; readonly sends: number }) => void;
  /** A send threw (it was released; the others still go). */
  readonly onSendError?: (error: unknown) => void;
}

interface Pending {
  readonly send: () => void;
  readonly abandon: (error: Error) => void;
}

interface Committed {
  readonly sends: Pending[];
  readonly writes: number;
  readonly at: number;
}

const FULL = 2;
const SAVEPOINT = "SAVEPOINT group_write";
const RELEASE = "RELEASE group_write";
const ROLLBACK_TO = "ROLLBACK TO group_write";

/**
 * Group commit for the runner's connection (docs/orders.md "Group commit"). The first
 * durable write of an event-loop turn opens one transaction (BEGIN IMMEDIATE); every
 * durable write after it in the same turn runs inside it, each in a savepoint of its own
 * (all-or-nothing as before); sends that depend on those writes are queued with
 * `afterCommit`. At the end of the turn the group commits once, and only once it is on disk
 * are the queued sends released, in order. A failed COMMIT (or fsync) releases none of its
 * sends: each is abandoned with the error. So many symbols' intents that arrive in one
 * socket read cost one fsync, and no order leaves before its intent (and every write before
 * it) is on disk.
 */
export class GroupCommit implements WriteGroup {
  readonly db: Db;
  readonly #o: GroupCommitOptions;
  readonly #schedule: (flush: () => void) => void;
  #open = false;
  #writes = 0;
  #pending: Pending[] = [];
  #firstSendAt = 0;
  /** synchronous before the group set its own (restored after COMMIT), or -1. */
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
    // A savepoint by hand with kept statements: what `db.transaction(fn)()` does inside an open
    // transaction, without building its wrapper functions on every write (several per order).
    const db = this.db;
    db.query(SAVEPOINT).run();
    try {
      const result = fn();
      db.query(RELEASE).run();
      return result;
    } catch (error) {
      if (db.inTransaction) {
        db.query(ROLLBACK_TO).run();
        db.query(RELEASE).run();
      }
      throw error;
    }
  }

  /**
   * `send` once everything written so far is on disk: now when no group is open, else right
   * after the open group's commit. If it cannot be made durable, `abandon` is called instead.
   */
  afterCommit(send: () => void, abandon: (error: Error) => void): void {
    if (this.#open) {
      if (this.#pending.length === 0) this.#firstSendAt = performance.now();
      this.#pending.push({ send, abandon });
      return;
    }
    this.#run(send);
  }

  /**
   * Commits now if a send has waited `ms` or more for the end of the turn: a long turn (a
   * large socket read, a loaded machine) then costs a second fsync instead of holding the
   * first orders back until all of it is processed.
   */
  flushIfWaited(ms: number): void {
    if (this.#pending.length > 0 && performance.now() - this.#firstSendAt >= ms) this.flush();
  }

  /** Commits the open group now (also what the scheduled flush does); its sends go once it is on disk. */
  flush(): void {
    if (!this.#open) return;
    const sends = this.#pending;
    const writes = this.#writes;
    this.#pending = [];
    this.#writes = 0;
    const at = performance.now();
    try {
      this.db.query("COMMIT").run();
    } catch (error) {
      this.#open = false;
      try {
        if (this.db.inTransaction) this.db.run("ROLLBACK");
      } catch {
        // the connection is gone; nothing was committed
      }
      this.#restoreSync();
      this.#fail({ sends, writes, at }, error);
      return;
    }
    this.#open = false;
    this.#durable({ sends, writes, at }, performance.now() - at);
  }

  /** Resolves once no group is open and everything committed is on disk with its sends released (a flush is all it takes). */
  idle(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }

  /** Commits what is open (its sends go once it is on disk) and stops grouping: durable writes are their own transactions again. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.flush();
    this.#leave();
  }

  #begin(): void {
    if (this.#closed) throw new Error("group commit: closed");
    // The safety level cannot change inside a transaction: set it before BEGIN. A level still
    // to be restored means the last group's FULL is still set (a send of it opened this group).
    if (this.#restore < 0) {
      const sync = (this.db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
      if (sync < FULL) {
        this.db.run(`PRAGMA synchronous = ${FULL}`);
        this.#restore = sync;
      }
    }
    this.db.query("BEGIN IMMEDIATE").run();
    this.#open = true;
    this.#schedule(() => this.flush());
  }

  /**
   * The sends first: the level's restore and the commit's report (metrics, housekeeping) wait
   * until the orders have left. A send that opened a new group leaves the restore to it.
   */
  #durable(group: Committed, ms: number): void {
    try {
      for (const p of group.sends) this.#run(p.send);
    } finally {
      if (!this.#open) this.#restoreSync();
      if (group.writes > 0) this.#o.onCommit?.({ ms, writes: group.writes, sends: group.sends.length });
    }
  }

  #fail(group: Committed, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    for (const p of group.sends) this.#run(() => p.abandon(err));
    this.#o.onFailure?.(err, { writes: group.writes, sends: group.sends.length });
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
