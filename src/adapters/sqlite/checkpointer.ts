import { workerEntry } from "../../core/worker-entry.ts";
import type { Db } from "./db.ts";

export interface Checkpointer {
  /** A checkpoint now, on the worker (the runner asks right after its turn's commits, so none runs beside them). */
  request(): void;
  /**
   * The WAL file synced on the worker soon (once per event-loop turn however often asked):
   * frames committed without an fsync (relaxed writes) are then on disk before the next
   * order's commit, which would otherwise write them out inside its own fsync.
   */
  syncWal(): void;
  /** WAL syncs the worker has done (`syncWal`). */
  walSyncs(): number;
  stop(): Promise<void>;
  /** The worker started (false: the runner's connection checkpoints itself, as SQLite does by default). */
  readonly onWorker: boolean;
}

/**
 * Takes WAL checkpoints off the runner's thread. By default SQLite checkpoints inside the
 * COMMIT that pushes the WAL past 1000 pages, so now and then one order's durable commit
 * also copied megabytes into the database file and synced it (the tens of ms outliers of
 * bar-to-order). Here the runner's connection never checkpoints (wal_autocheckpoint=0); a
 * worker with its own connection runs a PASSIVE checkpoint every `everyMs` and whenever
 * `request` asks, so the WAL stays small and commits only append to it. If the worker cannot
 * start, the connection checkpoints as before.
 */
export async function startCheckpointer(db: Db, file: string, everyMs = 1000): Promise<Checkpointer> {
  let worker: Worker | undefined;
  try {
    const w = (worker = new Worker(workerEntry("adapters/sqlite/checkpoint-worker.ts")));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("checkpoint worker did not start")), 10_000);
      timer.unref?.();
      w.onmessage = () => {
        clearTimeout(timer);
        resolve();
      };
      w.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(e.message));
      };
      w.postMessage({ file, everyMs });
    });
  } catch {
    worker?.terminate();
    return { request: () => {}, syncWal: () => {}, walSyncs: () => 0, stop: async () => {}, onWorker: false };
  }
  const w = worker;
  db.run("PRAGMA wal_autocheckpoint = 0");
  let stopped: Promise<void> | undefined;
  let syncAsked = false;
  let syncs = 0;
  let onStopped: (() => void) | undefined;
  w.onmessage = (e: MessageEvent<unknown>) => {
    if (e.data === "synced") syncs++;
    else if (e.data === "stopped") onStopped?.();
  };
  return {
    onWorker: true,
    request() {
      if (!stopped) w.postMessage("checkpoint");
    },
    syncWal() {
      if (syncAsked || stopped) return;
      syncAsked = true;
      queueMicrotask(() => {
        syncAsked = false;
        if (!stopped) w.postMessage("sync");
      });
    },
    walSyncs: () => syncs,
    stop() {
      stopped ??= (async () => {
        try {
          db.run("PRAGMA wal_autocheckpoint = 1000");
        } catch {
          // the connection is closed already
        }
        // Bounded: a wedged worker is terminated anyway.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          timer.unref?.();
          onStopped = () => {
            clearTimeout(timer);
            resolve();
          };
          w.postMessage("stop");
        });
        w.terminate();
      })();
      return stopped;
    },
  };
}
