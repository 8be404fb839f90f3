import { expect, test } from "bun:test";
import { downsampleEquity } from "./equity-downsample.ts";

test("a downsampled equity curve keeps the ends, the peak and the trough, in time order", () => {
  const n = 100_000;
  const time = Float64Array.from({ length: n }, (_, i) => 1_000 * i);
  const equity = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 5000) * 10 + (i === 61_234 ? 50 : 0) - (i === 7_777 ? 40 : 0));
  const small = downsampleEquity({ time, equity }, 1000);
  expect(small.time.length).toBeLessThanOrEqual(1000);
  expect(small.time[0]).toBe(0);
  expect(small.time.at(-1)).toBe(1_000 * (n - 1));
  expect(Math.max(...small.equity)).toBe(Math.max(...equity));
  expect(Math.min(...small.equity)).toBe(Math.min(...equity));
  for (let i = 1; i < small.time.length; i++) expect(small.time[i]!).toBeGreaterThan(small.time[i - 1]!);
  const short = { time: time.subarray(0, 10), equity: equity.subarray(0, 10) };
  expect(downsampleEquity(short, 1000)).toBe(short);
});
