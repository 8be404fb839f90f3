import { existsSync } from "node:fs";
import { openDatabase, type Db } from "../../adapters/sqlite/db.ts";
import { dataVersion } from "../../adapters/sqlite/page/markers.ts";

/** Why there is nothing to read yet; the page shows `message` in place of data. */
export interface StoreProblem {
  readonly state: "missing" | "old-schema" | "unreadable";
  readonly message: string;
}

export type StoreState = { readonly state: "ok" } | StoreProblem;

/**
 * The status page's read-only connection to the store. It opens lazily and again after any
 * failure (at most once per `retryMs`), so `serve` can start before the first `run` creates
 * the database, or while it is at an older schema, and picks it up once it is there.
 */
export class StoreReader {
  readonly path: string;
  #db: Db | undefined;
  #problem: StoreProblem = { state: "missing", message: "not opened yet" };
  #triedAt = -Infinity;
  #retryMs: number;
  #now: () => number;

  constructor(path: string, options: { retryMs?: number; now?: () => number } = {}) {
    this.path = path;
    this.#retryMs = options.retryMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
  }

  get state(): StoreState {
    return this.#db ? { state: "ok" } : this.#problem;
  }

  /** The open connection, or undefined (see `state`). */
  db(): Db | undefined {
    if (this.#db) return this.#db;
    if (this.#now() - this.#triedAt < this.#retryMs) return undefined;
    this.#triedAt = this.#now();
    if (!existsSync(this.path)) {
      this.#problem = { state: "missing", message: `no database at ${this.path} yet; it appears once 'robotrader run' (or any command that stores data) has run` };
      return undefined;
    }
    try {
      this.#db = openDatabase(this.path, { readonly: true, busyTimeoutMs: 2000 });
    } catch (error) {
      const message = (error as Error).message;
      this.#problem = { state: /older than/.test(message) ? "old-schema" : "unreadable", message };
    }
    return this.#db;
  }

  /** Changes whenever another connection commits (PRAGMA data_version); undefined without a store. */
  dataVersion(): number | undefined {
    const db = this.db();
    if (!db) return undefined;
    try {
      return dataVersion(db);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  /** After a failed read: close, remember why, and reopen on a later call. */
  fail(error: unknown): void {
    this.#problem = { state: "unreadable", message: `cannot read ${this.path}: ${(error as Error).message}` };
    this.#triedAt = this.#now();
    this.close();
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }
}
