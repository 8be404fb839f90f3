import { describe, expect, test } from "bun:test";
import type { Bar } from "../core/bar.ts";
import { marketDataContract } from "../engine/market-data-contract.ts";
import { HistoricalFeed, seriesFromBars } from "./historical-feed.ts";
import { randomWalkSeries } from "./random-walk.ts";

const toBars = (s: ReturnType<typeof randomWalkSeries>, keep: (i: number) => boolean): Bar[] =>
  Array.from(s.time, (time, i) => ({ time, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! })).filter((_, i) => keep(i));

marketDataContract("HistoricalFeed", () => {
  const a = toBars(randomWalkSeries("A", 60, 1), (i) => i % 7 !== 3);
  const b = toBars(randomWalkSeries("B", 60, 2), (i) => i > 10);
  const source = new HistoricalFeed([seriesFromBars("A", a), seriesFromBars("B", b)]);
  return { source, expected: { A: a, B: b }, drain: (sink) => source.run(sink) };
});

describe("HistoricalFeed", () => {
  test("refuses duplicate or unsorted times, naming the symbol and bar", () => {
    const s = randomWalkSeries("DUP", 5, 1);
    s.time[3] = s.time[2]!;
    expect(() => new HistoricalFeed([s])).toThrow("HistoricalFeed: DUP bar 3 time");
  });

  test("refuses the same symbol twice", () => {
    expect(() => new HistoricalFeed([randomWalkSeries("A", 3, 1), randomWalkSeries("A", 3, 2)])).toThrow(/symbol A given twice/);
  });

  test("fromBars groups row bars by symbol and sorts them by time", () => {
    const rows = [
      { symbol: "B", time: 2, open: 1, high: 1, low: 1, close: 1, volume: 0 },
      { symbol: "A", time: 3, open: 1, high: 1, low: 1, close: 1, volume: 0 },
      { symbol: "A", time: 1, open: 1, high: 1, low: 1, close: 1, volume: 0 },
    ];
    const feed = HistoricalFeed.fromBars(rows);
    expect(feed.symbols).toEqual(["B", "A"]);
    expect(Array.from(feed.series[1]!.time)).toEqual([1, 3]);
    expect(Array.from(feed.timeline)).toEqual([1, 2, 3]);
  });

  test("replay stops before `until` and reports progress to the end", () => {
    const feed = new HistoricalFeed([randomWalkSeries("A", 100, 1)]);
    const progress: number[] = [];
    let ends = 0;
    const n = feed.replay({ bar: () => {}, timeEnd: () => ends++ }, { until: 40, progressEvery: 16, onProgress: (d) => progress.push(d) });
    expect([n, ends]).toEqual([40, 40]);
    expect(progress).toEqual([16, 32, 40]);
  });

  test("one symbol's replay runs bars in runs but stops at the bar during which stop() was called, with progress at every multiple", () => {
    const feed = new HistoricalFeed([randomWalkSeries("A", 3_000, 1)]);
    const progress: number[] = [];
    const times: number[] = [];
    let ends = 0;
    const n = feed.replay(
      { bar: (_slot, bar) => void (times.push(bar.time), times.length === 1_700 && feed.stop()), timeEnd: () => ends++ },
      { progressEvery: 300, onProgress: (d) => progress.push(d) },
    );
    expect([n, ends, times.length]).toEqual([1_700, 1_700, 1_700]);
    expect(times).toEqual(Array.from(feed.timeline.subarray(0, 1_700)));
    expect(progress).toEqual([300, 600, 900, 1_200, 1_500, 3_000]);
  });

  test("a replay `once` (block by block) delivers what the kept time-major copy does, over many blocks, with gaps and `until`", () => {
    // 3,000 symbols: a block is 5 time steps, so 40 steps cross 8 blocks; each symbol misses some steps.
    const series = Array.from({ length: 3000 }, (_, s) => seriesFromBars(`S${s}`, toBars(randomWalkSeries(`S${s}`, 40, s + 1), (i) => (i * 7 + s) % 11 !== 0 && (s % 13 !== 0 || i > 17))));
    const record = (options: { once?: boolean; until?: number }) => {
      const out: number[] = [];
      new HistoricalFeed(series).replay({ bar: (slot, b) => void out.push(slot, b.time, b.open, b.high, b.low, b.close, b.volume), timeEnd: (t) => void out.push(-1, t) }, options);
      return out;
    };
    const kept = record({});
    expect(kept.length).toBeGreaterThan(3000 * 30);
    expect(record({ once: true })).toEqual(kept);
    expect(record({ once: true, until: 23 })).toEqual(record({ until: 23 }));
  });
});

