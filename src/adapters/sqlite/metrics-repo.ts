import * as v from "valibot";
import type { CounterSummary, LatencyMetric, MetricsSnapshot, ThroughputSummary } from "../../core/metrics/index.ts";
import { relaxedTransaction, writeTransaction, type Db } from "./db.ts";

/**
 * Metric snapshots as rows of metric_snapshots, one per metric, all rows of a snapshot
 * sharing its time: "latency.order-to-ack", "throughput.bars", "counter.reconnects", and
 * "snapshot" ({ intervalMs }). A chart reads one name over time (index on name, time); the
 * status reads every row of the newest time (index on time).
 */
const PREFIX = { latency: "latency.", throughput: "throughput.", counters: "counter." } as const;
const META = "snapshot";

export interface StoredMetrics extends MetricsSnapshot {
  /** Rows whose JSON did not have the expected shape (written by another version); skipped. */
  readonly unreadable: readonly string[];
}

const Num = v.number();
const MaybeNum = v.nullable(v.number());
const Summary = v.object({ count: Num, min: MaybeNum, max: MaybeNum, mean: MaybeNum, p50: MaybeNum, p90: MaybeNum, p99: MaybeNum, p999: MaybeNum });
const LatencySchema = v.object({ unit: v.literal("ms"), interval: Summary, total: Summary });
const ThroughputSchema = v.object({ total: Num, interval: v.object({ count: Num, perSecond: MaybeNum }), perSecond: Num, perMinute: Num });
const CounterSchema = v.object({ total: Num, interval: Num, by: v.record(v.string(), Num) });
const MetaSchema = v.object({ intervalMs: MaybeNum });

/** Writes one snapshot in one transaction, without an fsync of its own (no order depends on it). */
export function saveMetricsSnapshot(db: Db, snapshot: MetricsSnapshot): void {
  const insert = db.query("INSERT INTO metric_snapshots (time, name, value) VALUES ($time, $name, $value)");
  relaxedTransaction(db, () => {
    const row = (name: string, value: unknown) => insert.run({ time: snapshot.time, name, value: JSON.stringify(value) });
    row(META, { intervalMs: snapshot.intervalMs });
    for (const [n, m] of Object.entries(snapshot.latency)) row(PREFIX.latency + n, m);
    for (const [n, m] of Object.entries(snapshot.throughput)) row(PREFIX.throughput + n, m);
    for (const [n, m] of Object.entries(snapshot.counters)) row(PREFIX.counters + n, m);
  });
}

/** The newest snapshot, or undefined when none was ever written. */
export function latestMetrics(db: Db): StoredMetrics | undefined {
  const newest = db.query("SELECT max(time) AS time FROM metric_snapshots").get() as { time: number | null } | null;
  if (newest?.time == null) return undefined;
  const rows = db.query("SELECT name, value FROM metric_snapshots WHERE time = $time ORDER BY id").all({ time: newest.time }) as { name: string; value: string }[];
  const latency: Record<string, LatencyMetric> = {};
  const throughput: Record<string, ThroughputSummary> = {};
  const counters: Record<string, CounterSummary> = {};
  const unreadable: string[] = [];
  let intervalMs: number | null = null;
  for (const { name, value } of rows) {
    const json: unknown = JSON.parse(value);
    const ok = (() => {
      if (name === META) return parseInto(MetaSchema, json, (m) => (intervalMs = m.intervalMs));
      if (name.startsWith(PREFIX.latency)) return parseInto(LatencySchema, json, (m) => (latency[name.slice(PREFIX.latency.length)] = m));
      if (name.startsWith(PREFIX.throughput)) return parseInto(ThroughputSchema, json, (m) => (throughput[name.slice(PREFIX.throughput.length)] = m));
      if (name.startsWith(PREFIX.counters)) return parseInto(CounterSchema, json, (m) => (counters[name.slice(PREFIX.counters.length)] = m));
      return false;
    })();
    if (!ok) unreadable.push(name);
  }
  return { time: newest.time, intervalMs, latency, throughput, counters, unreadable };
}

function parseInto<S extends v.GenericSchema>(schema: S, json: unknown, use: (value: v.InferOutput<S>) => unknown): boolean {
  const result = v.safeParse(schema, json);
  if (result.success) use(result.output);
  return result.success;
}

export interface MetricPoint {
  readonly time: number;
  readonly value: unknown;
}

/**
 * One metric over time, oldest first, for a chart: `name` is the stored row name
 * ("latency.order-to-ack", "throughput.bars", "counter.refused-orders").
 */
export function metricSeries(db: Db, name: string, range: { since?: number; until?: number; limit?: number } = {}): MetricPoint[] {
  const rows = db
    .query(
      `SELECT time, value FROM (
         SELECT time, value FROM metric_snapshots WHERE name = $name AND time >= $since AND time <= $until ORDER BY time DESC LIMIT $limit
       ) ORDER BY time`,
    )
    .all({ name, since: range.since ?? 0, until: range.until ?? Number.MAX_SAFE_INTEGER, limit: range.limit ?? 10_000 }) as { time: number; value: string }[];
  return rows.map((r) => ({ time: r.time, value: JSON.parse(r.value) }));
}

/** Deletes snapshots older than `before`; returns how many rows went. */
export function pruneMetrics(db: Db, before: number): number {
  return writeTransaction(db, () => db.query("DELETE FROM metric_snapshots WHERE time < $before").run({ before }).changes);
}

export const metricRowName = {
  latency: (name: string) => PREFIX.latency + name,
  throughput: (name: string) => PREFIX.throughput + name,
  counter: (name: string) => PREFIX.counters + name,
} as const;
