import { existsSync } from "node:fs";
import path from "node:path";
import type { Db, OpenOptions } from "../../adapters/sqlite/db.ts";
import type { AppConfig } from "../../config/schema.ts";

export const DATABASE_FILE = "robotrader.db";

/** `<dataDir>/robotrader.db`; dataDir is relative to the working directory unless absolute. */
export function databasePath(config: Pick<AppConfig, "dataDir">): string {
  return path.join(config.dataDir, DATABASE_FILE);
}

/** Opens the store for a command (creating and migrating it); close it when done. */
export function openStore(config: Pick<AppConfig, "dataDir">, options: OpenOptions = {}): Db {
  return openDatabaseLazily(databasePath(config), options);
}

/**
 * adapters/sqlite/db.ts's openDatabase, its module (bun:sqlite, the migrations) loaded on the first
 * open: a command that never opens the store (backtest --data --no-save) does not load it.
 */
export function openDatabaseLazily(file: string, options: OpenOptions = {}): Db {
  return (require("../../adapters/sqlite/db.ts") as typeof import("../../adapters/sqlite/db.ts")).openDatabase(file, options);
}

/** Runs `fn` with the store open and closes it afterwards, also on errors. */
export async function withStore<T>(config: Pick<AppConfig, "dataDir">, fn: (db: Db) => T | Promise<T>, options: OpenOptions = {}): Promise<T> {
  const db = openStore(config, options);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * For commands that only read: runs `fn` with the store if one exists (migrating an older
 * schema, as any open does), or with undefined when there is none yet, so that looking
 * creates no files.
 */
export async function withExistingStore<T>(config: Pick<AppConfig, "dataDir">, fn: (db: Db | undefined) => T | Promise<T>): Promise<T> {
  if (!existsSync(databasePath(config))) return await fn(undefined);
  return withStore(config, fn);
}
