import { describe, expect, test } from "bun:test";
import { BUCKET_COUNT, bucketIndex, LatencyHistogram } from "./latency-histogram.ts";

/** Exact percentile by sorting (nearest rank), the reference the histogram must approach. */
function exact(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

// A deterministic spread from 10 µs to ~10 s (log-uniform), so every decade is hit.
function spread(n: number, seed = 7): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(0.01 * 10 ** ((x / 2 ** 31) * 6));
  }
  return out;
}

describe("latency histogram", () => {
  test("an empty histogram reports unknown (null), not zero", () => {
    const s = new LatencyHistogram().summary();
    expect(s).toEqual({ count: 0, min: null, max: null, mean: null, p50: null, p90: null, p99: null, p999: null });
  });

  test("percentiles stay within 1 % of the exact ones over six decades", () => {
    const values = spread(20_000);
    const h = new LatencyHistogram();
    for (const v of values) h.record(v);
    for (const p of [1, 10, 50, 75, 90, 99, 99.9]) {
      const want = exact(values, p);
      const got = h.percentile(p)!;
      expect(Math.abs(got - want) / want).toBeLessThan(0.01);
    }
    expect(h.percentile(0)).toBe(Math.min(...values));
    expect(h.percentile(100)).toBe(Math.max(...values));
  });

  test("a single value is reported as itself at every percentile", () => {
    const h = new LatencyHistogram();
    h.record(3.7);
    expect(h.summary()).toMatchObject({ count: 1, min: 3.7, max: 3.7, mean: 3.7, p50: 3.7, p99: 3.7 });
  });

  test("min, max, count and mean are exact", () => {
    const h = new LatencyHistogram();
    for (const v of [1, 2, 3, 10]) h.record(v);
    expect(h.summary()).toMatchObject({ count: 4, min: 1, max: 10, mean: 4 });
  });

  test("negative latencies count as zero and are reported as clamped; NaN is refused", () => {
    const h = new LatencyHistogram();
    h.record(-5);
    expect(h.summary().min).toBe(0);
    expect(h.toJSON().clamped).toBe(1);
    expect(() => h.record(Number.NaN)).toThrow(RangeError);
  });

  test("values beyond the range land in the end buckets", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(1e12)).toBe(BUCKET_COUNT - 1);
    const h = new LatencyHistogram();
    h.record(1e9);
    expect(h.percentile(50)).toBe(1e9);
  });

  test("merging two halves equals recording everything into one", () => {
    const values = spread(5_000, 3);
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    values.forEach((v, i) => ((i % 2 ? a : b).record(v), all.record(v)));
    const { sum, ...merged } = a.merge(b).toJSON();
    const { sum: allSum, ...whole } = all.toJSON();
    expect(merged).toEqual(whole);
    expect(sum).toBeCloseTo(allSum, 6); // float addition order differs
  });

  test("JSON round trip keeps every bucket; bad JSON is refused with the reason", () => {
    const h = new LatencyHistogram();
    for (const v of spread(1_000)) h.record(v);
    const json = JSON.parse(JSON.stringify(h.toJSON()));
    expect(LatencyHistogram.fromJSON(json).toJSON()).toEqual(h.toJSON());
    expect(json.buckets.length).toBeLessThan(BUCKET_COUNT);
    expect(() => LatencyHistogram.fromJSON({ ...json, count: json.count + 1 })).toThrow(/buckets hold 1000 values but count is 1001/);
    expect(() => LatencyHistogram.fromJSON({ ...json, buckets: [[BUCKET_COUNT, 1]], count: 1 })).toThrow(/bucket index/);
  });

  test("reset empties it", () => {
    const h = new LatencyHistogram();
    h.record(1);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.percentile(50)).toBeNull();
  });
});
