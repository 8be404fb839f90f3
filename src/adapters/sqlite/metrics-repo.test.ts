import { describe, expect, test } from "bun:test";
import { MetricsRegistry } from "../../core/metrics/index.ts";
import { openDatabase } from "./db.ts";
import { latestMetrics, metricRowName, metricSeries, pruneMetrics, saveMetricsSnapshot } from "./metrics-repo.ts";

const T = 1_700_000_000_000;

describe("metrics repository", () => {
  test("no snapshot yet reads as undefined, not zeros", () => {
    expect(latestMetrics(openDatabase(":memory:"))).toBeUndefined();
  });

  test("the latest snapshot reads back equal to what was written", () => {
    const db = openDatabase(":memory:");
    const r = MetricsRegistry.standard();
    r.latency("order-to-ack").record(4);
    saveMetricsSnapshot(db, r.snapshot(T));
    r.latency("order-to-ack").record(9);
    r.counter("rejected-data").inc("stale");
    const second = r.snapshot(T + 5000);
    saveMetricsSnapshot(db, second);
    expect(latestMetrics(db)).toEqual({ ...second, unreadable: [] });
  });

  test("a chart series holds one metric over time, oldest first, limited to the newest points", () => {
    const db = openDatabase(":memory:");
    const r = MetricsRegistry.standard();
    for (let i = 0; i < 5; i++) {
      r.throughput("bars").record(T + i * 5000, i);
      saveMetricsSnapshot(db, r.snapshot(T + i * 5000 + 1));
    }
    const series = metricSeries(db, metricRowName.throughput("bars"), { limit: 3 });
    expect(series.map((p) => p.time)).toEqual([T + 10_001, T + 15_001, T + 20_001]);
    expect(series.map((p) => (p.value as { interval: { count: number } }).interval.count)).toEqual([2, 3, 4]);
    expect(metricSeries(db, metricRowName.throughput("bars"), { since: T + 15_001 })).toHaveLength(2);
  });

  test("rows of an unexpected shape are skipped and named", () => {
    const db = openDatabase(":memory:");
    saveMetricsSnapshot(db, MetricsRegistry.standard().snapshot(T));
    db.run(`INSERT INTO metric_snapshots (time, name, value) VALUES (${T}, 'latency.weird', '{"unit":"s"}')`);
    const m = latestMetrics(db)!;
    expect(m.unreadable).toEqual(["latency.weird"]);
    expect(Object.keys(m.latency)).not.toContain("weird");
  });

  test("pruning deletes only rows older than the cut-off", () => {
    const db = openDatabase(":memory:");
    const r = MetricsRegistry.standard();
    saveMetricsSnapshot(db, r.snapshot(T));
    saveMetricsSnapshot(db, r.snapshot(T + 1000));
    const perSnapshot = (db.query("SELECT count(*) AS n FROM metric_snapshots").get() as { n: number }).n / 2;
    expect(pruneMetrics(db, T + 1000)).toBe(perSnapshot);
    expect(latestMetrics(db)!.time).toBe(T + 1000);
  });
});
