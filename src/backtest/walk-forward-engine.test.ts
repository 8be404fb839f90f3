import { describe, expect, test } from "bun:test";
import { randomWalkSeries } from "./random-walk.ts";
import { runEngineWalkForward, type EngineWalkForwardOptions } from "./walk-forward-engine.ts";
import { parseWalkForwardFlags } from "./walk-forward-flags.ts";

const series = [randomWalkSeries("AAA", 1500, 7), randomWalkSeries("BBB", 1500, 11)];
const base: EngineWalkForwardOptions = {
  series,
  strategy: "sma-cross",
  fixedParams: {},
  direction: "long-only",
  commission: "ib-fixed",
  slippageBps: 1,
  barsPerYear: 252,
  initialCash: 100_000,
  config: parseWalkForwardFlags({ "walk-forward": "rolling", train: "500", test: "250", grid: "fast=5,10,20:slow=10,30,60", objective: "sharpe" })!,
};

describe("runEngineWalkForward (real engine)", () => {
  test("workers and a single thread choose the same parameters and produce the same stitched equity", async () => {
    const [threads, single] = await Promise.all([runEngineWalkForward({ ...base, workers: 2 }), runEngineWalkForward({ ...base, workers: 1 })]);
    expect(threads.windows.length).toBe(4);
    expect(threads.combinations).toBe(7); // 9, less fast=10/slow=10 and fast=20/slow=10 (refused by sma-cross)
    expect(threads.windows.map((w) => w.params)).toEqual(single.windows.map((w) => w.params));
    expect(threads.equity).toEqual(single.equity);
    expect(threads.windows).toEqual(single.windows); // in-sample stats survive the trip from the workers
    expect(threads.trades.map((t) => t.pnl.toString())).toEqual(single.trades.map((t) => t.pnl.toString()));
    expect(threads.equity.length).toBe(1000);
    expect(threads.equity[0]!.time).toBe(series[0]!.time[500]!);
    expect(threads.stats.exposure).not.toBeNull();
  });

  test("each out-of-sample window starts with the capital the previous one ended with", async () => {
    const wf = await runEngineWalkForward({ ...base, workers: 1 });
    for (let k = 1; k < wf.windows.length; k++) {
      const prevEnd = wf.equity[k * 250 - 1]!.equity;
      expect(wf.windows[k]!.outOfSample.startValue).toBeCloseTo(prevEnd, 6);
    }
    for (const t of wf.trades) expect(t.entryTime).toBeGreaterThanOrEqual(series[0]!.time[500]!);
  });

  test("a grid parameter the strategy does not take is a clear error", async () => {
    const config = { ...base.config, grid: { fsat: [5] } };
    await expect(runEngineWalkForward({ ...base, config, workers: 1 })).rejects.toThrow("--grid: strategy sma-cross has no parameter 'fsat'; it takes fast, slow");
  });
});
