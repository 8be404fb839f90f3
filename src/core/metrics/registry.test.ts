import { describe, expect, test } from "bun:test";
import { COUNTER, LATENCY, MetricsRegistry, THROUGHPUT } from "./registry.ts";
import { Throughput } from "./throughput.ts";

const T = 1_700_000_000_000;

describe("throughput", () => {
  test("per second and per minute count complete seconds only", () => {
    const t = new Throughput();
    for (let s = 0; s < 70; s++) t.record(T + s * 1000, 2); // 2 events every second for 70 s
    const now = T + 69_500; // inside second 69, which is not complete yet
    expect(t.countInLast(now, 60)).toBe(120);
    expect(t.summary(now, null)).toEqual({ total: 140, interval: { count: 140, perSecond: null }, perSecond: 2, perMinute: 120 });
  });

  test("old slots are forgotten when the ring wraps", () => {
    const t = new Throughput();
    t.record(T, 5);
    t.record(T + 61_000, 1); // the same slot, 61 s later
    expect(t.countInLast(T + 62_000, 60)).toBe(1);
  });

  test("the interval rate is events per second since the previous snapshot", () => {
    const t = new Throughput();
    t.record(T, 10);
    expect(t.summary(T + 5000, 5000).interval).toEqual({ count: 10, perSecond: 2 });
    t.resetInterval();
    expect(t.summary(T + 10_000, 5000).interval).toEqual({ count: 0, perSecond: 0 });
  });
});

describe("metrics registry", () => {
  test("the standard registry lists every runner metric from the start, with zero counts and unknown latencies", () => {
    const s = MetricsRegistry.standard().snapshot(T);
    expect(Object.keys(s.latency)).toEqual(Object.values(LATENCY).sort());
    expect(Object.keys(s.throughput)).toEqual(Object.values(THROUGHPUT).sort());
    expect(Object.keys(s.counters)).toEqual(Object.values(COUNTER).sort());
    expect(s.latency[LATENCY.dbWrite]!.total.p50).toBeNull();
    expect(s.counters[COUNTER.reconnects]).toEqual({ total: 0, interval: 0, by: {} });
    expect(s.intervalMs).toBeNull();
  });

  test("a snapshot starts a new interval; totals keep growing", () => {
    const r = new MetricsRegistry();
    r.latency("x").record(5);
    r.counter(COUNTER.refusedOrders).inc("max-order-value");
    r.throughput("bars").record(T, 3);
    const first = r.snapshot(T + 1000);
    expect(first.latency.x!.interval.count).toBe(1);
    r.latency("x").record(7);
    r.counter(COUNTER.refusedOrders).inc("kill-switch", 2);
    const second = r.snapshot(T + 6000);
    expect(second.intervalMs).toBe(5000);
    expect(second.latency.x!.interval).toMatchObject({ count: 1, p50: 7 });
    expect(second.latency.x!.total).toMatchObject({ count: 2, min: 5, max: 7 });
    expect(second.counters[COUNTER.refusedOrders]).toEqual({ total: 3, interval: 2, by: { "kill-switch": 2, "max-order-value": 1 } });
    expect(second.throughput.bars!.interval).toEqual({ count: 0, perSecond: 0 });
    expect(second.throughput.bars!.total).toBe(3);
  });

  test("a snapshot is plain JSON", () => {
    const r = MetricsRegistry.standard();
    r.latency(LATENCY.orderToAck).record(12.5);
    const s = r.snapshot(T);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  test("bad input is refused", () => {
    const r = new MetricsRegistry();
    expect(() => r.counter("")).toThrow(/must not be empty/);
    expect(() => r.counter("c").inc(undefined, 1.5)).toThrow(/integer/);
    expect(() => r.throughput("t").record(T, -1)).toThrow(/>= 0/);
  });
});
