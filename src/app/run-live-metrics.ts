import type { Db } from "../adapters/sqlite/db.ts";
import { saveMetricsSnapshot } from "../adapters/sqlite/metrics-repo.ts";
import { COUNTER, LATENCY, MetricsRegistry, THROUGHPUT, type MetricsSnapshot } from "../core/metrics/index.ts";
import type { Logger } from "../log/logger.ts";

export const SNAPSHOT_EVERY_MS = 5_000;

/**
 * The runner's metrics (core/metrics, standard names) and their snapshots to SQLite every
 * few seconds, so `status` and the status page read them from another process. Latencies
 * are real durations (performance.now), rates per real second, also under --sim.
 */
export class RunMetrics {
  readonly registry = MetricsRegistry.standard();
  readonly dataToSignal = this.registry.latency(LATENCY.dataToSignal);
  readonly signalToOrder = this.registry.latency(LATENCY.signalToOrder);
  readonly orderToAck = this.registry.latency(LATENCY.orderToAck);
  readonly dbWrite = this.registry.latency(LATENCY.dbWrite);
  readonly bars = this.registry.throughput(THROUGHPUT.bars);
  readonly orders = this.registry.throughput(THROUGHPUT.orders);
  readonly rejectedData = this.registry.counter(COUNTER.rejectedData);
  readonly refusedOrders = this.registry.counter(COUNTER.refusedOrders);
  readonly reconnects = this.registry.counter(COUNTER.reconnects);
  #timer: ReturnType<typeof setInterval> | undefined;
  #db: Db | undefined;
  #log: Logger | undefined;

  /** Starts writing a snapshot every `everyMs`. */
  startSnapshots(db: Db, log: Logger, everyMs = SNAPSHOT_EVERY_MS): void {
    this.#db = db;
    this.#log = log;
    this.#timer = setInterval(() => this.snapshot(), everyMs);
    this.#timer.unref?.();
  }

  /** Writes one snapshot now (also the last one at shutdown) and returns it. */
  snapshot(): MetricsSnapshot {
    const snap = this.registry.snapshot(Date.now());
    if (this.#db) {
      try {
        saveMetricsSnapshot(this.#db, snap);
      } catch (error) {
        this.#log?.warn(`metrics snapshot not written: ${(error as Error).message}`);
      }
    }
    return snap;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
