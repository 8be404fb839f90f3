import { describe, expect, test } from "bun:test";
import type { Bar } from "../../../core/bar.ts";
import { FiveSecondAggregator } from "./live-market-data-aggregate.ts";
import { TimeSteps } from "./live-market-data-steps.ts";

const T0 = Date.UTC(2024, 0, 2, 14, 30); // 09:30 New York
const five = (i: number, close: number, volume = 10): Bar => ({ time: T0 + i * 5_000, open: close, high: close + 0.5, low: close - 0.5, close, volume });

describe("FiveSecondAggregator", () => {
  test("a 1-minute bar completes on its 12th 5-second bar, with OHLCV of all twelve", () => {
    const agg = new FiveSecondAggregator(60_000);
    for (let i = 0; i < 11; i++) expect(agg.add(five(i, 100 + i))).toEqual([]);
    expect(agg.add(five(11, 99))).toEqual([{ time: T0, open: 100, high: 110.5, low: 98.5, close: 99, volume: 120 }]);
  });

  test("a bucket joined midway is dropped; a gap completes the bucket in progress when the next one starts", () => {
    const agg = new FiveSecondAggregator(60_000);
    expect(agg.add(five(3, 100))).toEqual([]);
    expect(agg.add(five(12, 101))).toEqual([]); // the partial first minute is left out
    expect(agg.dropped).toBe(1);
    expect(agg.add(five(30, 102))).toEqual([{ time: T0 + 60_000, open: 101, high: 101.5, low: 100.5, close: 101, volume: 10 }]);
  });

  test("refuses a bar length that is not a multiple of 5 s", () => {
    expect(() => new FiveSecondAggregator(7_000)).toThrow(/multiple of 5 s/);
  });
});

describe("TimeSteps", () => {
  test("a step ends when every symbol delivered it, or two steps later for a lagging symbol; each once, in order", () => {
    const ended: number[] = [];
    const steps = new TimeSteps(2, 60, (t) => ended.push(t));
    steps.arrived(0);
    expect(ended).toEqual([]);
    steps.arrived(0);
    expect(ended).toEqual([0]);
    steps.arrived(60); // symbol B never delivers 60
    steps.arrived(120);
    expect(ended).toEqual([0]);
    steps.arrived(180);
    expect(ended).toEqual([0, 60]);
    steps.arrived(60); // late: already ended
    steps.flush();
    expect(ended).toEqual([0, 60, 120, 180]);
  });
});
