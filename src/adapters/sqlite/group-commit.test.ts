import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { durableTransaction } from "./db.ts";
import { GroupCommit } from "./group-commit.ts";

function table(): Database {
  const db = new Database(":memory:");
  db.run("CREATE TABLE t (a INTEGER NOT NULL)");
  return db;
}
const rows = (db: Database) => (db.query("SELECT a FROM t ORDER BY a").all() as { a: number }[]).map((r) => r.a);

describe("GroupCommit", () => {
  test("durable writes of one turn share one transaction; each applies whole or not at all; sends wait for the commit", async () => {
    const db = table();
    const commits: number[] = [];
    const group = new GroupCommit(db, { onCommit: ({ writes }) => commits.push(writes) });
    const log: string[] = [];
    durableTransaction(db, () => db.run("INSERT INTO t VALUES (1)"));
    expect(() =>
      durableTransaction(db, () => {
        db.run("INSERT INTO t VALUES (2)");
        db.run("INSERT INTO t VALUES (NULL)");
      }),
    ).toThrow();
    group.afterCommit(() => log.push(`sent, in transaction: ${db.inTransaction}`), () => log.push("abandoned"));
    durableTransaction(db, () => db.run("INSERT INTO t VALUES (3)"));
    expect(db.inTransaction).toBe(true);
    expect(log).toEqual([]);
    await Promise.resolve();
    expect(commits).toEqual([3]);
    expect(log).toEqual(["sent, in transaction: false"]);
    expect(rows(db)).toEqual([1, 3]);
    // With no group open, a send has nothing to wait for.
    group.afterCommit(() => log.push("at once"), () => {});
    expect(log.at(-1)).toBe("at once");
    group.close();
  });

  test("close commits what is open; afterwards each durable write is its own transaction again", () => {
    const db = table();
    const group = new GroupCommit(db);
    durableTransaction(db, () => db.run("INSERT INTO t VALUES (1)"));
    group.close();
    expect(db.inTransaction).toBe(false);
    durableTransaction(db, () => db.run("INSERT INTO t VALUES (2)"));
    expect(db.inTransaction).toBe(false);
    expect(rows(db)).toEqual([1, 2]);
  });
});
