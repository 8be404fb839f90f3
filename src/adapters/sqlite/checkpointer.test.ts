import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "./db.ts";
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
