import { describe, expect, test } from "bun:test";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { latestMetrics } from "../../adapters/sqlite/metrics-repo.ts";
import { LATENCY, MetricsRegistry } from "../../core/metrics/index.ts";
import { createLogger } from "../../log/logger.ts";
import { startMetricsSnapshotter, timed, timedAsync } from "./metrics-snapshotter.ts";

const T = 1_700_000_000_000;
const rows = (db: ReturnType<typeof openDatabase>) => (db.query("SELECT count(DISTINCT time) AS n FROM metric_snapshots").get() as { n: number }).n;

describe("metrics snapshotter", () => {
  test("each flush writes one snapshot; stop writes a last one", () => {
    const db = openDatabase(":memory:");
    const registry = MetricsRegistry.standard();
    let clock = T;
    const s = startMetricsSnapshotter({ db, registry, now: () => clock, intervalMs: 60_000 });
    registry.latency(LATENCY.orderToAck).record(12);
    s.flush();
    clock += 5000;
    registry.latency(LATENCY.orderToAck).record(20);
    s.stop();
    s.stop();
    expect(rows(db)).toBe(2);
    const latest = latestMetrics(db)!;
    expect(latest.time).toBe(T + 5000);
    expect(latest.intervalMs).toBe(5000);
    expect(latest.latency[LATENCY.orderToAck]!.interval).toMatchObject({ count: 1, p50: 20 });
    expect(latest.latency[LATENCY.orderToAck]!.total).toMatchObject({ count: 2, max: 20 });
  });

  test("snapshots older than the retention are pruned (once a minute)", () => {
    const db = openDatabase(":memory:");
    let clock = T;
    const s = startMetricsSnapshotter({ db, registry: MetricsRegistry.standard(), now: () => clock, intervalMs: 60_000, retentionMs: 120_000 });
    for (let i = 0; i < 10; i++, clock += 30_000) s.flush(); // T .. T+270 s
    s.stop(); // at T+300 s, a minute after the last prune: keeps what is newer than T+180 s
    const times = (db.query("SELECT DISTINCT time FROM metric_snapshots ORDER BY time").all() as { time: number }[]).map((r) => (r.time - T) / 1000);
    expect(times[0]).toBe(180);
    expect(times.at(-1)).toBe(300);
  });

  test("a failed write is logged, returns nothing, and the next one works", () => {
    const db = openDatabase(":memory:");
    const lines: string[] = [];
    const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } });
    const s = startMetricsSnapshotter({ db, registry: MetricsRegistry.standard(), log, now: () => T, intervalMs: 60_000 });
    db.run("CREATE TRIGGER full BEFORE INSERT ON metric_snapshots BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(s.flush()).toBeUndefined();
    expect(lines.join("")).toContain("metrics: snapshot not written: disk full");
    db.run("DROP TRIGGER full");
    expect(s.flush()).toBeDefined();
    s.stop();
  });

  test("timed records the duration also when the work throws", async () => {
    const r = new MetricsRegistry();
    expect(timed(r.latency("w"), () => 42)).toBe(42);
    expect(() => timed(r.latency("w"), () => { throw new Error("boom"); })).toThrow("boom");
    expect(await timedAsync(r.latency("w"), async () => "ok")).toBe("ok");
    expect(r.latencyTotal("w")!.count).toBe(3);
  });
});
