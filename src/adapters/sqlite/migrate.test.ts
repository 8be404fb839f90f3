import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import { durableTransaction, openDatabase } from "./db.ts";
import { migrate, schemaVersion, SchemaTooNewError, type Migration } from "./migrate.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations/index.ts";

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rt-migrate-"));
  dirs.push(dir);
  return path.join(dir, "nested", "robotrader.db");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const EXPECTED_TABLES = [
  "alerts", "backtest_equity", "backtest_trades", "bars", "day_baselines", "equity_snapshots", "fills", "metric_snapshots", "models",
  "order_events", "orders", "paper_accounts", "positions", "run_inputs", "run_setups", "runner_leases", "runs", "signals",
  "state", "strategy_positions",
];

/** The schema as SQL text per object, to compare databases reached by different paths. */
function schemaOf(db: Database): Record<string, string> {
  const rows = db.query("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

function pragma(db: Database, name: string): unknown {
  return Object.values(db.query(`PRAGMA ${name}`).get() as Record<string, unknown>)[0];
}

describe("migrations", () => {
  test("the list is numbered 1..n without gaps", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  test("an empty database is created with its directory, migrated to the latest version, in WAL with foreign keys", () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const tables = (db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(EXPECTED_TABLES);
    expect(pragma(db, "journal_mode")).toBe("wal");
    expect(pragma(db, "foreign_keys")).toBe(1);
    expect(pragma(db, "busy_timeout")).toBe(5000);
    expect(pragma(db, "synchronous")).toBe(1); // NORMAL
    db.close();
  });

  test("a new store is owner-only: directory 0700, database, WAL and shared memory 0600, even under umask 022", () => {
    const file = tempDb();
    const before = process.umask(0o022);
    try {
      const db = openDatabase(file);
      db.run("INSERT INTO bars VALUES ('AAPL', '1d', 1577923200000, 1, 2, 0.5, 1.5, 100)"); // a write, so the WAL exists
      const mode = (p: string) => statSync(p).mode & 0o777;
      expect([mode(path.dirname(file)), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
      db.close();
    } finally {
      process.umask(before);
    }
  });

  for (let k = 0; k < MIGRATIONS.length; k++) {
    test(`a database at schema version ${k} migrates to the latest, keeping its rows, same schema as a fresh one`, () => {
      const file = tempDb();
      const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, k) });
      expect(schemaVersion(old)).toBe(k);
      if (k >= 1) old.run("INSERT INTO bars VALUES ('AAPL', '1d', 1577923200000, 1, 2, 0.5, 1.5, 100)");
      if (k >= 2) {
        old.run(`INSERT INTO orders (order_ref, strategy, symbol, side, qty, type, tif, signal_time, state, created_at, updated_at)
                 VALUES ('rt:x:AAPL:buy:1', 'x', 'AAPL', 'buy', 1, 'market', 'day', 1, 'intent', 1, 1)`);
      }
      old.close();

      const db = openDatabase(file);
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.query("SELECT COUNT(*) AS n FROM bars").get()).toEqual({ n: k >= 1 ? 1 : 0 });
      expect(db.query("SELECT COUNT(*) AS n FROM orders").get()).toEqual({ n: k >= 2 ? 1 : 0 });
      const fresh = openDatabase(":memory:");
      expect(schemaOf(db)).toEqual(schemaOf(fresh));
      fresh.close();
      db.close();
    });
  }

  test("re-opening a current database applies nothing and changes nothing", () => {
    const file = tempDb();
    openDatabase(file).close();
    const before = readFileSync(file);
    const db = new Database(file, { strict: true });
    expect(migrate(db, MIGRATIONS, file)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: [] });
    db.close();
    openDatabase(file).close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test("a database from a newer robotrader is refused, unchanged", () => {
    const file = tempDb();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this robotrader understands (${SCHEMA_VERSION})`);
    expect(() => openDatabase(file, { readonly: true })).toThrow(SchemaTooNewError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test("a failing migration rolls back whole: version and tables stay as they were", () => {
    const file = tempDb();
    openDatabase(file).close();
    const broken: Migration = { version: SCHEMA_VERSION + 1, name: "broken", sql: "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);" };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow(UserError);
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.query("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeNull();
    db.close();
  });

  test("a migration list with a gap is a programming error", () => {
    const db = new Database(":memory:");
    expect(() => migrate(db, [MIGRATIONS[0]!, MIGRATIONS[2]!])).toThrow("entry 1 has version 3, expected 2");
  });

  test("read-only opening needs an existing, current database and refuses writes", () => {
    const file = tempDb();
    expect(() => openDatabase(file, { readonly: true })).toThrow("no database there yet");
    openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    expect(() => openDatabase(file, { readonly: true })).toThrow(`schema version 1 is older than this robotrader's (${SCHEMA_VERSION})`);
    openDatabase(file).close();
    const ro = openDatabase(file, { readonly: true });
    expect(ro.query("SELECT COUNT(*) AS n FROM bars").get()).toEqual({ n: 0 });
    expect(() => ro.run("INSERT INTO bars VALUES ('A', '1d', 0, 1, 1, 1, 1, 1)")).toThrow(/readonly/);
    ro.close();
  });

  test("a file that is not a SQLite database is a user error naming the file", () => {
    const file = tempDb();
    openDatabase(file).close();
    writeFileSync(file, "Date,Open\n".repeat(200));
    expect(() => openDatabase(file)).toThrow(UserError);
    expect(() => openDatabase(file)).toThrow(file);
  });

  test("durable transactions commit with synchronous=FULL and restore NORMAL", () => {
    const db = openDatabase(tempDb());
    let inside: unknown;
    durableTransaction(db, () => {
      inside = pragma(db, "synchronous");
      db.run("INSERT INTO state VALUES ('k', '1', 0)");
    });
    expect(inside).toBe(2);
    expect(pragma(db, "synchronous")).toBe(1);
    expect(openDatabase(":memory:", { synchronous: "full" }).query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
    db.close();
  });
});
