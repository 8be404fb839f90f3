import { LATENCY, THROUGHPUT } from "../../../core/metrics/index.ts";
import type { Db } from "../../sqlite/db.ts";
import { metricRowName, metricSeries } from "../../sqlite/metrics-repo.ts";

export interface MetricSeriesView {
  /** Per latency metric: p50/p90/p99 of each snapshot interval (null when nothing was measured then). */
  readonly latency: Readonly<Record<string, readonly { time: number; count: number; p50: number | null; p90: number | null; p99: number | null }[]>>;
  /** Per throughput metric: events in each snapshot interval, and the 10-second rate at the snapshot. */
  readonly throughput: Readonly<Record<string, readonly { time: number; count: number; perSecond: number | null }[]>>;
}

const SERIES_POINTS = 180;

type LatencyValue = { interval?: { count?: number; p50?: number | null; p90?: number | null; p99?: number | null } };
type ThroughputValue = { perSecond?: number; interval?: { count?: number } };

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/**
 * The recent series the charts draw (the last SERIES_POINTS snapshots) of the standard
 * metrics and of any other metric in the latest snapshot.
 */
export function readMetricSeries(db: Db, latest: { latency: object; throughput: object } | null): MetricSeriesView {
  const latencyNames = new Set<string>([...Object.values(LATENCY), ...Object.keys(latest?.latency ?? {})]);
  const throughputNames = new Set<string>([...Object.values(THROUGHPUT), ...Object.keys(latest?.throughput ?? {})]);
  const latency: Record<string, { time: number; count: number; p50: number | null; p90: number | null; p99: number | null }[]> = {};
  for (const name of latencyNames) {
    latency[name] = metricSeries(db, metricRowName.latency(name), { limit: SERIES_POINTS }).map((p) => {
      const i = (p.value as LatencyValue).interval ?? {};
      return { time: p.time, count: num(i.count) ?? 0, p50: num(i.p50), p90: num(i.p90), p99: num(i.p99) };
    });
  }
  const throughput: Record<string, { time: number; count: number; perSecond: number | null }[]> = {};
  for (const name of throughputNames) {
    throughput[name] = metricSeries(db, metricRowName.throughput(name), { limit: SERIES_POINTS }).map((p) => {
      const value = p.value as ThroughputValue;
      return { time: p.time, count: num(value.interval?.count) ?? 0, perSecond: num(value.perSecond) };
    });
  }
  return { latency, throughput };
}

