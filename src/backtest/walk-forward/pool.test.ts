import { afterEach, describe, expect, test } from "bun:test";
import { runWalkForward } from "./walk-forward.ts";
import { WorkerPool, workerUrl } from "./pool.ts";
import { toyRunner } from "./toy-runner.ts";

const DAY = 86_400_000;
const times = Float64Array.from({ length: 1000 }, (_, i) => Date.UTC(2020, 0, 1) + i * DAY);
const options = {
  times,
  grid: { x: [0, 1, 2, 3] },
  objective: "sharpe",
  initialCash: 100_000,
  barsPerYear: 252,
  windows: { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, mode: "rolling" },
} as const;

let pool: WorkerPool | undefined;
afterEach(() => pool?.close());

describe("WorkerPool", () => {
  test("walk-forward on worker threads gives the same result as in-process", async () => {
    pool = new WorkerPool({ worker: "toy-worker.ts", setup: { times }, size: 2 });
    const [parallel, serial] = await Promise.all([
      runWalkForward({ ...options, runBacktest: pool.run, evaluate: pool.evaluate }),
      runWalkForward({ ...options, runBacktest: toyRunner(times) }),
    ]);
    expect(parallel.windows.map((w) => w.params)).toEqual(serial.windows.map((w) => w.params));
    expect(parallel.equity).toEqual(serial.equity);
    expect(parallel.stats).toEqual(serial.stats);
    expect(parallel.windows).toEqual(serial.windows);
  });

  test("a failing job rejects with the worker's message; the pool keeps serving", async () => {
    pool = new WorkerPool({ worker: "toy-worker.ts", setup: { times: "not an array" }, size: 1 });
    const job = { params: { x: 1 }, range: { from: 0, to: 10, fromTime: times[0]!, toTime: times[9]! }, initialCash: 100 };
    await expect(pool.run(job)).rejects.toThrow("toy worker: setup.times must be a Float64Array");
    await expect(pool.run(job)).rejects.toThrow("toy worker: setup.times must be a Float64Array");
  });

  test("the worker path inside a compiled binary is relative to the build root", () => {
    expect(workerUrl("w.ts", "file:///$bunfs/root/robotrader").href).toBe("file:///$bunfs/root/backtest/walk-forward/w.ts");
    expect(workerUrl("w.ts", "file:///repo/src/backtest/walk-forward/pool.ts").href).toBe("file:///repo/src/backtest/walk-forward/w.ts");
  });
});
