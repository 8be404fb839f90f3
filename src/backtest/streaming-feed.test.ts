import { describe, expect, test } from "bun:test";
import { HistoricalFeed } from "./historical-feed.ts";
import { randomWalkSeries } from "./random-walk.ts";
import { StreamingFeed, type GrowingSeries } from "./streaming-feed.ts";

/** A series whose bars settle `step` at a time (each waitFor gives the next step), `total` of them in all. */
function growing(n: number, total: number, step: number): GrowingSeries {
  const s = randomWalkSeries("A", n, 3);
  let settled = 0;
  return {
    ...s,
    expected: total,
    waitFor: (want) => {
      if (settled < want) settled = Math.min(total, settled + step);
      return settled;
    },
  };
}

function record(feed: { replay: HistoricalFeed["replay"] }, options: Parameters<HistoricalFeed["replay"]>[1]) {
  const out: number[] = [];
  const progress: number[] = [];
  const n = feed.replay({ bar: (slot, b) => void out.push(slot, b.time, b.open, b.high, b.low, b.close, b.volume), timeEnd: (t) => void out.push(-1, t) }, { ...options, onProgress: (done, total) => void progress.push(done, total) });
  return { n, out, progress };
}

describe("StreamingFeed", () => {
  test("delivers the settled bars, in batches, with the progress reports of HistoricalFeed's loop", () => {
    // 2,000 bars settling 300 at a time: batches end where bars run out and at every report.
    const source = growing(2500, 2000, 300);
    const streamed = record(new StreamingFeed(source), { progressEvery: 700 });
    const whole = record(new HistoricalFeed([{ ...randomWalkSeries("A", 2500, 3), time: source.time }]), { progressEvery: 700, until: 2000 });
    expect(streamed.n).toBe(2000);
    expect(streamed.out).toEqual(whole.out);
    // done at each 700 bars (total: one past it, or the expected count), then (end, end).
    expect(streamed.progress).toEqual([700, 2000, 1400, 2000, 2000, 2000]);
  });

  test("stops at `until` and when the source ends early", () => {
    const cut = record(new StreamingFeed(growing(3000, 3000, 1000)), { until: 1234, progressEvery: 4096 });
    expect([cut.n, cut.progress]).toEqual([1234, [1234, 1234]]);
    const short = record(new StreamingFeed(growing(3000, 900, 250)), { progressEvery: 300 });
    expect([short.n, short.progress]).toEqual([900, [300, 900, 600, 900, 900, 901, 900, 900]]);
  });
});
