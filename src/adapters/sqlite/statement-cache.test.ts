import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { keepStatements } from "./statement-cache.ts";

test("query() keeps each distinct SQL text compiled past Bun's 20, bounded, and close() finalizes them", () => {
  const db = new Database(":memory:", { strict: true });
  db.run("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  keepStatements(db, 50);
  db.query("INSERT INTO t (id, v) VALUES ($id, $v)").run({ id: 1, v: "one" });
  const texts = Array.from({ length: 40 }, (_, i) => `SELECT v FROM t WHERE id = $id AND ${i} = ${i}`);
  const first = texts.map((sql) => db.query(sql));
  // Bun alone compiles the 21st and later texts again on every call: a new Statement each time.
  texts.forEach((sql, i) => expect(db.query(sql)).toBe(first[i]!));
  expect(db.query(texts[39]!).get({ id: 1 })).toEqual({ v: "one" });
  // Past the bound the oldest text is dropped and compiled anew when it comes back.
  for (let i = 0; i < 20; i++) db.query(`SELECT ${i} AS n`).get();
  expect(db.query(texts[0]!)).not.toBe(first[0]!);
  expect(db.query(texts[39]!)).toBe(first[39]!);
  db.close();
  expect(() => first[39]!.get({ id: 1 })).toThrow();
});
