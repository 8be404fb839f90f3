import { describe, expect, test } from "bun:test";
import { OBJECTIVES, type ObjectiveName } from "./objective.ts";
import { runWalkForward, type RunBacktest, type RunJob } from "./walk-forward.ts";
import { toyReturn, toyRunner } from "./toy-runner.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const times = Float64Array.from({ length: 1000 }, (_, i) => T0 + i * DAY);
const base = {
  times,
  grid: { x: [0, 1, 2, 3] },
  objective: "sharpe",
  initialCash: 100_000,
  barsPerYear: 252,
} as const;

describe("runWalkForward", () => {
  test("picks the parameters that were best in each training window", async () => {
    const wf = await runWalkForward({ ...base, windows: { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, mode: "rolling" }, runBacktest: toyRunner(times) });
    // Regime 1 rules bars 0..499, regime 2 bars 500..999; window [400, 600) is an even split.
    const chosen = wf.windows.map((w) => [w.train.from, w.train.to, w.params["x"]]);
    expect(chosen.filter(([from]) => from !== 400)).toEqual([
      [0, 200, 1], [100, 300, 1], [200, 400, 1], [300, 500, 1],
      [500, 700, 2], [600, 800, 2], [700, 900, 2],
    ]);
    expect(wf.combinations).toBe(4);
    expect(wf.windows.length).toBe(8);
  });

  test("in-sample runs see only training bars; the out-of-sample run switches to each window's choice at its first test bar", async () => {
    const calls: RunJob[] = [];
    const wf = await runWalkForward({ ...base, windows: { train: { unit: "bars", n: 300 }, test: { unit: "bars", n: 250 }, mode: "anchored" }, runBacktest: toyRunner(times, calls) });
    expect(calls.length).toBe(wf.windows.length * 4 + 1);
    for (const w of wf.windows) {
      const ranges = calls.filter((c) => c.range.to <= w.test.from && c.range.from === w.train.from && c.range.to === w.train.to);
      expect(ranges.length).toBe(4); // every grid value in-sample
    }
    const oos = calls.filter((c) => c.switches !== undefined);
    expect(oos.length).toBe(1);
    expect(oos[0]!.range).toMatchObject({ from: 300, to: 1000 });
    expect(oos[0]!.params).toEqual(wf.windows[0]!.params);
    // Each window's parameters take over at its first test bar, never before its training ends.
    expect(oos[0]!.switches!.map((s) => [s.from, s.params])).toEqual(wf.windows.slice(1).map((w) => [w.test.from, w.params]));
    for (const w of wf.windows) expect(w.test.from).toBeGreaterThanOrEqual(w.train.to);
  });

  test("with --step past --test the parameters keep trading until the next test window (no hole in the account)", async () => {
    const wf = await runWalkForward({ ...base, windows: { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, step: { unit: "bars", n: 150 }, mode: "rolling" }, runBacktest: toyRunner(times) });
    expect(wf.windows.map((w) => [w.test.from, w.test.to, w.inForce.from, w.inForce.to])).toEqual([
      [200, 300, 200, 350], [350, 450, 350, 500], [500, 600, 500, 650], [650, 750, 650, 800], [800, 900, 800, 950], [950, 1000, 950, 1000],
    ]);
    expect(wf.equity.length).toBe(800);
    expect(wf.windows.map((w) => w.outOfSample.bars)).toEqual([150, 150, 150, 150, 150, 50]);
    // Window returns chain to the total.
    const chained = wf.windows.reduce((g, w) => g * (1 + w.outOfSample.totalReturn!), 1) - 1;
    expect(chained).toBeCloseTo(wf.stats.totalReturn!, 12);
  });

  test("stitched out-of-sample equity is continuous: capital chains across windows", async () => {
    const wf = await runWalkForward({ ...base, windows: { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, mode: "rolling" }, runBacktest: toyRunner(times) });
    expect(wf.equity.length).toBe(800);
    expect(wf.equity[0]!.time).toBe(times[200]!);
    let prev: number = base.initialCash;
    for (let k = 0; k < wf.equity.length; k++) {
      const i = 200 + k;
      expect(wf.equity[k]!.time).toBe(times[i]!);
      const x = wf.windows[Math.floor(k / 100)]!.params["x"]!;
      expect(wf.equity[k]!.equity / prev - 1).toBeCloseTo(toyReturn(i, 1000, x), 12);
      prev = wf.equity[k]!.equity;
    }
    expect(wf.stats.totalReturn!).toBeCloseTo(prev / base.initialCash - 1, 12);
    expect(wf.windows[1]!.outOfSample.startValue).toBe(wf.equity[99]!.equity);
  });

  test("an annualized objective on training windows too short to annualize is refused, naming the fix", async () => {
    const short = { train: { unit: "bars", n: 15 }, test: { unit: "bars", n: 10 }, mode: "rolling" } as const;
    await expect(runWalkForward({ ...base, windows: short, runBacktest: toyRunner(times) })).rejects.toThrow(
      "walk-forward: --objective sharpe is annualized and needs training windows of at least 21 trading days (21 bars here); the shortest has 15.",
    );
    const byReturn = await runWalkForward({ ...base, objective: "totalReturn", windows: short, runBacktest: toyRunner(times) });
    expect(byReturn.windows.length).toBeGreaterThan(0);
  });

  test("a grid filter drops impossible combinations; an empty grid is an error", async () => {
    const windows = { train: { unit: "bars", n: 500 }, test: { unit: "bars", n: 500 }, mode: "rolling" } as const;
    const wf = await runWalkForward({ ...base, windows, runBacktest: toyRunner(times), filter: (p) => p["x"] !== 1 });
    expect(wf.combinations).toBe(3);
    expect(wf.windows[0]!.params["x"]).not.toBe(1);
    await expect(runWalkForward({ ...base, windows, runBacktest: toyRunner(times), filter: () => false })).rejects.toThrow(/no valid parameter combination/);
  });

  test("a runner reporting bars outside its range is refused (it would leak test data)", async () => {
    const leaky = toyRunner(times);
    const windows = { train: { unit: "bars", n: 500 }, test: { unit: "bars", n: 500 }, mode: "rolling" } as const;
    const runBacktest = (job: RunJob) => leaky({ ...job, range: { ...job.range, to: job.range.to + 1 } });
    await expect(runWalkForward({ ...base, grid: { x: [1] }, windows: { ...windows, test: { unit: "bars", n: 400 } }, runBacktest })).rejects.toThrow(/outside its range/);
  });

  test("minimizing max drawdown picks the least painful parameters", async () => {
    const wf = await runWalkForward({ ...base, objective: "maxDrawdown", windows: { train: { unit: "bars", n: 400 }, test: { unit: "bars", n: 100 }, mode: "rolling" }, runBacktest: toyRunner(times) });
    expect(wf.windows[0]!.params["x"]).toBe(1);
    expect(wf.windows[0]!.inSampleScore!).toBeLessThan(0.01);
  });

  test("a grid point that never trades is never chosen over one that trades, whatever the objective (not even a losing one)", async () => {
    // x = 0 stands aside in-sample: flat equity, no trade, never in the market. x = 3 loses every window.
    const toy = toyRunner(times);
    const runBacktest: RunBacktest = (job) => {
      if (job.params["x"] !== 0 || job.switches) return toy(job);
      const n = job.range.to - job.range.from;
      return { equity: { time: times.slice(job.range.from, job.range.to), equity: new Float64Array(n).fill(job.initialCash) }, trades: [], exposure: new Float64Array(n) };
    };
    const windows = { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, mode: "rolling" } as const;
    for (const objective of Object.keys(OBJECTIVES) as ObjectiveName[]) {
      const wf = await runWalkForward({ ...base, grid: { x: [3, 0] }, objective, windows, runBacktest });
      expect({ objective, chosen: wf.windows.map((w) => w.params["x"]) }).toEqual({ objective, chosen: wf.windows.map(() => 3) });
    }
    const drawdown = await runWalkForward({ ...base, grid: { x: [0, 1, 2, 3] }, objective: "maxDrawdown", windows, runBacktest });
    expect(drawdown.windows.map((w) => w.params["x"])).not.toContain(0);
    // When no point trades, the first is kept, with no score.
    const idle = await runWalkForward({ ...base, grid: { x: [0] }, objective: "maxDrawdown", windows, runBacktest });
    expect(idle.windows.map((w) => w.inSampleScore)).toEqual(idle.windows.map(() => null));
  });
});
