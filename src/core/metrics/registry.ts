import { Counter, type CounterSummary } from "./counter.ts";
import { LatencyHistogram, type LatencySummary } from "./latency-histogram.ts";
import { Throughput, type ThroughputSummary } from "./throughput.ts";

/** Metric names the runner and the status page share. Any other name works too. */
export const LATENCY = {
  /** Bar/tick arrival at the runner -> the strategy's signal. */
  dataToSignal: "data-to-signal",
  /** Signal -> order handed to the broker (risk checks and the intent write included). */
  signalToOrder: "signal-to-order",
  /** Bar arrival at the runner (its decoding) -> order sent: the whole live path, the durable intent write included. */
  barToOrder: "bar-to-order",
  /** The socket read that carried the bar -> order sent: bar-to-order plus the bar's wait behind the other bars of its read. */
  readToOrder: "read-to-order",
  /** Order sent -> the broker's first status for it. */
  orderToAck: "order-to-ack",
  /** One durable commit of the store (the runner's: a group of writes, its fsync included). */
  dbWrite: "db-write",
} as const;

export const THROUGHPUT = { bars: "bars", orders: "orders" } as const;

export const COUNTER = {
  /** Labelled by rejection reason (stale, out-of-order, outlier, ...). */
  rejectedData: "rejected-data",
  /** Labelled by risk rule name. */
  refusedOrders: "refused-orders",
  /** Labelled by cause (1100, drop, ...). */
  reconnects: "reconnects",
} as const;

export interface LatencyMetric {
  readonly unit: "ms";
  /** Values recorded since the previous snapshot: what a chart plots. */
  readonly interval: LatencySummary;
  /** Values since the runner started. */
  readonly total: LatencySummary;
}

/** One snapshot of every metric, plain JSON. */
export interface MetricsSnapshot {
  readonly time: number;
  /** Time since the previous snapshot (null for the first). */
  readonly intervalMs: number | null;
  readonly latency: Readonly<Record<string, LatencyMetric>>;
  readonly throughput: Readonly<Record<string, ThroughputSummary>>;
  readonly counters: Readonly<Record<string, CounterSummary>>;
}

class LatencyPair {
  readonly interval = new LatencyHistogram();
  readonly total = new LatencyHistogram();
  record(ms: number): void {
    this.interval.record(ms);
    this.total.record(ms);
  }
}

/** A latency metric's recording side: what callers get from `registry.latency(name)`. */
export interface LatencyRecorder {
  record(ms: number): void;
}

/**
 * All in-memory metrics of one process, by name. Nothing here reads a clock: callers pass
 * durations and times. `snapshot(now)` summarizes everything and starts a new interval.
 */
export class MetricsRegistry {
  #latency = new Map<string, LatencyPair>();
  #throughput = new Map<string, Throughput>();
  #counters = new Map<string, Counter>();
  #lastSnapshot: number | null = null;

  /** A registry holding the standard runner metrics, so they show (as zero counts) from the start. */
  static standard(): MetricsRegistry {
    const r = new MetricsRegistry();
    for (const n of Object.values(LATENCY)) r.latency(n);
    for (const n of Object.values(THROUGHPUT)) r.throughput(n);
    for (const n of Object.values(COUNTER)) r.counter(n);
    return r;
  }

  latency(name: string): LatencyRecorder {
    return getOrMake(this.#latency, name, () => new LatencyPair());
  }

  /** The histogram since start, e.g. to merge with another process's. */
  latencyTotal(name: string): LatencyHistogram | undefined {
    return this.#latency.get(name)?.total;
  }

  throughput(name: string): Throughput {
    return getOrMake(this.#throughput, name, () => new Throughput());
  }

  counter(name: string): Counter {
    return getOrMake(this.#counters, name, () => new Counter());
  }

  snapshot(now: number): MetricsSnapshot {
    const intervalMs = this.#lastSnapshot === null ? null : now - this.#lastSnapshot;
    const latency: Record<string, LatencyMetric> = {};
    for (const [name, pair] of sorted(this.#latency)) {
      latency[name] = { unit: "ms", interval: pair.interval.summary(), total: pair.total.summary() };
      pair.interval.reset();
    }
    const throughput: Record<string, ThroughputSummary> = {};
    for (const [name, meter] of sorted(this.#throughput)) {
      throughput[name] = meter.summary(now, intervalMs);
      meter.resetInterval();
    }
    const counters: Record<string, CounterSummary> = {};
    for (const [name, counter] of sorted(this.#counters)) {
      counters[name] = counter.summary();
      counter.resetInterval();
    }
    this.#lastSnapshot = now;
    return { time: now, intervalMs, latency, throughput, counters };
  }
}

function getOrMake<T>(map: Map<string, T>, name: string, make: () => T): T {
  let value = map.get(name);
  if (value === undefined) {
    if (name.length === 0) throw new RangeError("metric name must not be empty");
    value = make();
    map.set(name, value);
  }
  return value;
}

const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
