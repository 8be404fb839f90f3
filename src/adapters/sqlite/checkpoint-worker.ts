// The WAL checkpointer of the runner's store, on its own thread and connection (checkpointer.ts).
// Shipped in the binary as an extra entrypoint (scripts/build.ts).
import { Database } from "bun:sqlite";
import { closeSync, fdatasyncSync, openSync } from "node:fs";

declare const self: Worker;

let db: Database | undefined;
let walFile = "";
let timer: ReturnType<typeof setInterval> | undefined;
/** When the last checkpoint ran (performance.now()); the timer skips a tick that follows a requested one. */
let lastAt = -Infinity;

function checkpoint(): void {
  lastAt = performance.now();
  try {
    // PASSIVE: copies what no reader needs back into the database file; never waits on the runner's writes.
    db?.run("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {
    // busy or gone: the next one tries again
  }
}

/**
 * The WAL's data on disk now (fdatasync): what relaxed writes appended without a sync of their
 * own, so the runner's next durable commit has only its own frames to write out.
 */
function syncWal(): void {
  if (!db) return;
  try {
    const fd = openSync(walFile, "r");
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    self.postMessage("synced");
  } catch {
    // no WAL yet, or gone: nothing to sync
  }
}

self.onmessage = (event: MessageEvent<{ readonly file: string; readonly everyMs: number } | "stop" | "checkpoint" | "sync">) => {
  const m = event.data;
  if (m === "checkpoint") return checkpoint();
  if (m === "sync") return syncWal();
  if (m === "stop") {
    if (timer) clearInterval(timer);
    db?.close();
    db = undefined;
    self.postMessage("stopped");
    return;
  }
  db = new Database(m.file, { strict: true });
  walFile = `${m.file}-wal`;
  db.run("PRAGMA busy_timeout = 1000");
  timer = setInterval(() => {
    if (performance.now() - lastAt >= m.everyMs / 2) checkpoint();
  }, m.everyMs);
  self.postMessage("started");
};
