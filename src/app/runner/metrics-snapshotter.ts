import type { Db } from "../../adapters/sqlite/db.ts";
import { pruneMetrics, saveMetricsSnapshot } from "../../adapters/sqlite/metrics-repo.ts";
import type { LatencyRecorder, MetricsRegistry, MetricsSnapshot } from "../../core/metrics/index.ts";
import type { Logger } from "../../log/logger.ts";

export const SNAPSHOT_INTERVAL_MS = 5_000;
/** Snapshots older than this are deleted (about 35 MB a day at the standard metrics). */
export const METRICS_RETENTION_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 60_000;

export interface MetricsSnapshotterOptions {
  readonly db: Db;
  readonly registry: MetricsRegistry;
  readonly intervalMs?: number;
  readonly retentionMs?: number;
  readonly log?: Logger;
  readonly now?: () => number;
}

export interface MetricsSnapshotter {
  /** Snapshots now and writes it (also pruning when due); returns what was written. */
  flush(): MetricsSnapshot | undefined;
  /** Stops the timer and writes a last snapshot. */
  stop(): void;
}

/**
 * Writes the registry to metric_snapshots every few seconds, so `status` and the status
 * page (other processes) see latencies, throughput and counts; prunes old rows once a
 * minute. A failed write is logged and retried at the next tick; it never stops trading.
 */
export function startMetricsSnapshotter(options: MetricsSnapshotterOptions): MetricsSnapshotter {
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? METRICS_RETENTION_MS;
  let lastPrune = -Infinity;
  let stopped = false;
  const flush = (): MetricsSnapshot | undefined => {
    const at = now();
    const snapshot = options.registry.snapshot(at);
    try {
      saveMetricsSnapshot(options.db, snapshot);
      if (at - lastPrune >= PRUNE_EVERY_MS) {
        pruneMetrics(options.db, at - retentionMs);
        lastPrune = at;
      }
      return snapshot;
    } catch (error) {
      options.log?.warn(`metrics: snapshot not written: ${(error as Error).message}`);
      return undefined;
    }
  };
  const timer = setInterval(flush, options.intervalMs ?? SNAPSHOT_INTERVAL_MS);
  timer.unref?.();
  return {
    flush,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      flush();
    },
  };
}

/** Runs `fn` and records how long it took (ms, monotonic clock) in `recorder`, also when it throws. */
export function timed<T>(recorder: LatencyRecorder, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    recorder.record(performance.now() - start);
  }
}

/** The async form of `timed`. */
export async function timedAsync<T>(recorder: LatencyRecorder, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    recorder.record(performance.now() - start);
  }
}
