import { describe, expect, test } from "bun:test";
import { runWalkForward } from "./walk-forward.ts";
import { evaluateInWorkers } from "./pool.ts";
import { toyRunner } from "./toy-runner.ts";

const DAY = 86_400_000;
const TOY = "backtest/walk-forward/toy-worker.ts";
const times = Float64Array.from({ length: 1000 }, (_, i) => Date.UTC(2020, 0, 1) + i * DAY);
const options = {
  times,
  grid: { x: [0, 1, 2, 3] },
  objective: "sharpe",
  initialCash: 100_000,
  barsPerYear: 252,
  windows: { train: { unit: "bars", n: 200 }, test: { unit: "bars", n: 100 }, mode: "rolling" },
} as const;

describe("evaluateInWorkers", () => {
  test("walk-forward with the in-sample runs on a worker and this thread gives the same result as in this thread alone", async () => {
    let done = 0;
    const [parallel, serial] = await Promise.all([
      runWalkForward({ ...options, runBacktest: toyRunner(times), evaluate: evaluateInWorkers(TOY, { times }, 2, toyRunner(times)), onProgress: (n) => (done = n) }),
      runWalkForward({ ...options, runBacktest: toyRunner(times) }),
    ]);
    expect(parallel.windows.map((w) => w.params)).toEqual(serial.windows.map((w) => w.params));
    expect(parallel.equity).toEqual(serial.equity);
    expect(parallel.stats).toEqual(serial.stats);
    expect(parallel.windows).toEqual(serial.windows);
    expect(done).toBe(parallel.windows.length * 4 + 1);
  });

  test("a worker whose setup fails rejects with its message", async () => {
    const job = { params: { x: 1 }, range: { from: 0, to: 10, fromTime: times[0]!, toTime: times[9]! }, initialCash: 100 };
    // One job, two threads: the worker takes it (this thread finds none left).
    const evaluate = evaluateInWorkers(TOY, { times: "not an array" }, 2, toyRunner(times));
    await expect(evaluate([job], { barsPerYear: 252, riskFreeRate: 0 })).rejects.toThrow("toy worker: setup.times must be a Float64Array");
  });
});
