import { Database } from "bun:sqlite";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import { migrate, schemaVersion, SchemaTooNewError, type Migration } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import { keepStatements } from "./statement-cache.ts";

/** The store's connection. Code outside adapters/sqlite names it by this alias. */
export type Db = Database;

export interface OpenOptions {
  /** Open without write access; the schema must already be current. */
  readonly readonly?: boolean;
  /** "full" for connections that write orders and fills (DESIGN.md Storage). */
  readonly synchronous?: "normal" | "full";
  /** How long a statement waits for another process's lock before failing. */
  readonly busyTimeoutMs?: number;
  /** For tests of older schemas; the real list otherwise. */
  readonly migrations?: readonly Migration[];
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (and creates, with its directory) the SQLite store: WAL, busy_timeout,
 * foreign keys, synchronous NORMAL unless asked for FULL, schema migrated to current.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const inMemory = file === ":memory:";
  if (options.readonly && !inMemory && !existsSync(file)) {
    throw new UserError(`Cannot open ${file}: no database there yet (a command that writes creates it)`);
  }
  if (!options.readonly && !inMemory) createOwnerOnly(file);
  let db: Database;
  try {
    db = options.readonly ? new Database(file, { readonly: true, strict: true }) : new Database(file, { create: true, strict: true });
  } catch (error) {
    throw new UserError(`Cannot open database ${file}: ${(error as Error).message}`, { cause: error });
  }
  keepStatements(db);
  try {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    db.run(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.run("PRAGMA foreign_keys = ON");
    if (options.readonly) {
      checkReadable(db, file, migrations.length);
    } else {
      if (!inMemory) setWal(db, file, busyTimeoutMs);
      db.run(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
      migrate(db, migrations, file);
    }
    return db;
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot use database ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The store holds the account id and every order: a new data directory is created 0700 and a
 * new database file 0600, before SQLite opens it, and SQLite gives its -wal and -shm files the
 * database file's mode. Existing files and directories keep the mode their owner chose.
 */
function createOwnerOnly(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600)); // "a" creates without truncating; an empty file is a valid database
}

/**
 * Switches a new database to WAL. Two processes creating the same file at once can make the
 * switch fail with SQLITE_BUSY without waiting (the busy handler is not used for it), so
 * it is retried until the busy timeout.
 */
function setWal(db: Database, file: string, timeoutMs: number): void {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const mode = (db.query("PRAGMA journal_mode").get() as { journal_mode: string } | null)?.journal_mode;
      if (mode === "wal") return;
      const row = db.query("PRAGMA journal_mode = WAL").get() as { journal_mode: string } | null;
      if (row?.journal_mode === "wal") return;
      throw new UserError(`Cannot use database ${file}: WAL journal mode refused (got ${row?.journal_mode})`);
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || performance.now() > deadline) throw error;
      Bun.sleepSync(5);
    }
  }
}

function checkReadable(db: Database, file: string, latest: number): void {
  const version = schemaVersion(db);
  if (version > latest) throw new SchemaTooNewError(file, version, latest);
  if (version < latest) {
    throw new UserError(
      `Cannot read ${file}: schema version ${version} is older than this robotrader's (${latest}); ` +
        `open it once for writing (e.g. robotrader data list) to migrate it`,
    );
  }
}

/**
 * A write transaction that takes the write lock up front (BEGIN IMMEDIATE): a deferred
 * transaction that reads and then writes can fail with SQLITE_BUSY at once, without
 * waiting, when another process wrote in between.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Groups a connection's durable writes into one transaction per event-loop turn (group-commit.ts). */
export interface WriteGroup {
  write<T>(fn: () => T): T;
}

const groups = new WeakMap<Db, WriteGroup>();

/** Routes `db`'s durable writes through `group` until the returned function is called. */
export function joinWriteGroup(db: Db, group: WriteGroup): () => void {
  if (groups.has(db)) throw new Error("this connection already has a write group");
  groups.set(db, group);
  return () => {
    if (groups.get(db) === group) groups.delete(db);
  };
}

/**
 * A write transaction committed with synchronous=FULL, for orders and fills: once it
 * returns, the row survives a power cut, not only a crash. On a connection with a write
 * group (the runner's), it joins the turn's group instead: committed with FULL at the end
 * of the turn, before any send queued behind it (group-commit.ts).
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
  const group = groups.get(db);
  if (group) return group.write(fn);
  if (db.inTransaction) return fn(); // the outer transaction decides durability
  const before = (db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
  if (before >= 2) return writeTransaction(db, fn);
  db.run("PRAGMA synchronous = FULL");
  try {
    return writeTransaction(db, fn);
  } finally {
    db.run(`PRAGMA synchronous = ${before}`);
  }
}

const afterRelaxed = new WeakMap<Db, () => void>();

/**
 * Calls `fn` after each relaxed transaction of `db` commits on its own (not inside another
 * transaction), until the returned function is called. The runner has the WAL synced off its
 * thread then (checkpointer.ts `syncWal`), so these frames are not left for the next order's
 * commit to write out with its own.
 */
export function onRelaxedCommit(db: Db, fn: () => void): () => void {
  if (afterRelaxed.has(db)) throw new Error("this connection already has a relaxed-commit listener");
  afterRelaxed.set(db, fn);
  return () => {
    if (afterRelaxed.get(db) === fn) afterRelaxed.delete(db);
  };
}

/**
 * A write transaction committed without an fsync of its own (synchronous=NORMAL under WAL):
 * it survives the process crashing, and a power cut loses at most what no later FULL commit
 * synced. For what no order depends on (replay recording, status-page journal). Inside an
 * open transaction it is part of that transaction.
 */
export function relaxedTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return writeTransaction(db, fn);
  const result = relaxedCommit(db, fn);
  afterRelaxed.get(db)?.();
  return result;
}

function relaxedCommit<T>(db: Db, fn: () => T): T {
  const before = (db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
  if (before <= 1) return writeTransaction(db, fn);
  db.run("PRAGMA synchronous = NORMAL");
  try {
    return writeTransaction(db, fn);
  } finally {
    db.run(`PRAGMA synchronous = ${before}`);
  }
}
