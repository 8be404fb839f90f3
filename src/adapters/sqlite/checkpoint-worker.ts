// The WAL checkpointer of the runner's store, on its own thread and connection (checkpointer.ts).
// Shipped in the binary as an extra entrypoint (scripts/build.ts).
import { Database } from "bun:sqlite";

declare const self: Worker;

let db: Database | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

self.onmessage = (event: MessageEvent<{ readonly file: string; readonly everyMs: number } | "stop">) => {
  const m = event.data;
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
    try {
      // PASSIVE: copies what no reader needs back into the database file; never waits on the runner's writes.
      db?.run("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {
      // busy or gone: the next tick tries again
    }
  }, m.everyMs);
  self.postMessage("started");
};
