import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { durableTransaction, onRelaxedCommit, openDatabase, relaxedTransaction } from "./db.ts";
import { startCheckpointer } from "./checkpointer.ts";

const dir = mkdtempSync(path.join(tmpdir(), "checkpointer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the checkpointer runs on its worker: the runner's connection stops checkpointing, and gets it back on stop", async () => {
  const file = path.join(dir, "store.db");
  const db = openDatabase(file);
  const autocheckpoint = () => (db.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint;
  const checkpointer = await startCheckpointer(db, file, 60_000);
  expect(checkpointer.onWorker).toBe(true);
  expect(autocheckpoint()).toBe(0);
  checkpointer.request();
  await checkpointer.stop();
  expect(autocheckpoint()).toBe(1000);
  db.close();
});

test("relaxed commits have the WAL synced on the worker (once per turn); writes inside a transaction and durable ones do not ask", async () => {
  const file = path.join(dir, "relaxed.db");
  const db = openDatabase(file, { synchronous: "full" });
  db.run("CREATE TABLE t (a INTEGER)");
  const checkpointer = await startCheckpointer(db, file, 60_000);
  let asked = 0;
  const stopListening = onRelaxedCommit(db, () => {
    asked++;
    checkpointer.syncWal();
  });
  expect(() => onRelaxedCommit(db, () => {})).toThrow(/already/);
  relaxedTransaction(db, () => db.run("INSERT INTO t VALUES (1)"));
  relaxedTransaction(db, () => db.run("INSERT INTO t VALUES (2)"));
  expect(asked).toBe(2);
  // Inside another transaction a relaxed write is part of it: that transaction decides, nothing to sync.
  durableTransaction(db, () => relaxedTransaction(db, () => db.run("INSERT INTO t VALUES (3)")));
  expect(asked).toBe(2);
  // The two asks of this turn are one sync on the worker.
  for (let i = 0; i < 1000 && checkpointer.walSyncs() === 0; i++) await Bun.sleep(10); // bounded wait for the answer
  expect(checkpointer.walSyncs()).toBe(1);
  stopListening();
  relaxedTransaction(db, () => db.run("INSERT INTO t VALUES (4)"));
  expect(asked).toBe(2);
  await checkpointer.stop();
  expect((db.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(4);
  db.close();
});
