// The WAL checkpointer of the runner's store, on its own thread and connection (checkpointer.ts).
// Shipped in the binary as an extra entrypoint (scripts/build.ts).
import { Database } from "bun:sqlite";

declare const self: Worker;

let db: Database | undefined;
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

self.onmessage = (event: MessageEvent<{ readonly file: string; readonly everyMs: number } | "stop" | "checkpoint">) => {
  const m = event.data;
  if (m === "checkpoint") return checkpoint();
  if (m === "stop") {
    if (timer) clearInterval(timer);
    db?.close();
    db = undefined;
    self.postMessage("stopped");
    return;
  }
  db = new Database(m.file, { strict: true });
  db.run("PRAGMA busy_timeout = 1000");
  timer = setInterval(() => {
    if (performance.now() - lastAt >= m.everyMs / 2) checkpoint();
  }, m.everyMs);
  self.postMessage("started");
};
