import { isUserError, UserError } from "../../core/errors.ts";
import { configureStrategy, findStrategy } from "../../strategy/registry.ts";
import { HistoricalFeed, type SymbolSeries } from "../historical-feed.ts";
import { buyAndHoldEquity } from "../stats/benchmark.ts";
import { evaluateWith, planWalkForward, runWalkForward, type WalkForwardOptions, type WalkForwardResult } from "./walk-forward.ts";
import { evaluateShard, precomputed, stashStats, type Shard } from "./shard.ts";
import type { Stats } from "../stats/stats.ts";
import { engineRunner, type EngineSetup } from "./engine-runner.ts";
import type { WalkForwardConfig } from "./config.ts";
import type { Params } from "./grid.ts";
import { evaluateInWorkers } from "./pool.ts";

export interface EngineWalkForwardOptions extends EngineSetup {
  readonly config: WalkForwardConfig;
  readonly initialCash: number;
  /** Worker threads; default every core. 1 runs in this thread (no workers). */
  readonly workers?: number | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** The in-sample statistics of every job, merged from shards (mergeShards): none is run again. */
  readonly merged?: readonly Stats[] | undefined;
}

/**
 * Walk-forward with the real engine: checks the grid against the strategy's parameters, skips
 * combinations the strategy refuses (e.g. sma-cross fast >= slow), and runs the in-sample
 * backtests on worker threads, one per core (the out-of-sample account runs in this thread).
 */
export async function runEngineWalkForward(options: EngineWalkForwardOptions): Promise<WalkForwardResult> {
  return withWalkForward(options, (wf) => runWalkForward(options.merged ? { ...wf, evaluate: precomputed(options.merged) } : wf));
}

/**
 * One shard's part of a walk-forward run (--shard i/N): only its share of the in-sample backtests,
 * their statistics by job number, to be merged (mergeShards) into the same result as one run.
 */
export async function runEngineWalkForwardShard(options: EngineWalkForwardOptions, shard: Shard): Promise<{ jobs: number; results: (readonly [number, unknown])[] }> {
  return withWalkForward(options, async (wf) => {
    const { jobs } = planWalkForward(wf);
    const evaluate = wf.evaluate ?? evaluateWith(wf.runBacktest);
    let done = 0;
    const results = await evaluateShard(evaluate, jobs, shard, { barsPerYear: wf.barsPerYear, riskFreeRate: wf.riskFreeRate ?? 0 }, (n) => options.onProgress?.((done += n), Math.ceil(jobs.length / shard.count)));
    return { jobs: jobs.length, results: results.map(([k, st]) => [k, stashStats(st)] as const) };
  });
}

async function withWalkForward<T>(options: EngineWalkForwardOptions, body: (wf: WalkForwardOptions) => Promise<T>): Promise<T> {
  const { config } = options;
  const known = findStrategy(options.strategy).params.map((p) => p.name);
  const unknown = Object.keys(config.grid).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new UserError(`--grid: strategy ${options.strategy} has no parameter ${unknown.map((k) => `'${k}'`).join(", ")}; it takes ${known.join(", ") || "no parameters"}`);
  }
  const setup: EngineSetup = {
    series: options.series,
    strategy: options.strategy,
    fixedParams: options.fixedParams,
    setup: options.setup,
    barsPerYear: options.barsPerYear,
  };
  const times = new HistoricalFeed(options.series).timeline;
  const workers = options.workers ?? navigator.hardwareConcurrency ?? 1;
  const run = engineRunner(setup);
  return body({
    times,
    grid: config.grid,
    windows: config.windows,
    objective: config.objective,
    initialCash: options.initialCash,
    barsPerYear: options.barsPerYear,
    runBacktest: run,
    evaluate: workers > 1 ? evaluateInWorkers("backtest/walk-forward/worker.ts", setup, workers, run) : undefined,
    filter: (params) => accepts(options.strategy, { ...options.fixedParams, ...params }),
    benchmark: (fromTime, cash) => buyAndHoldEquity(closesBySymbol(options.series), cash, fromTime),
    onProgress: options.onProgress,
  });
}

function accepts(strategy: string, params: Readonly<Record<string, unknown>>): boolean {
  try {
    configureStrategy(strategy, params);
    return true;
  } catch (error) {
    if (isUserError(error)) return false;
    throw error;
  }
}

function closesBySymbol(series: readonly SymbolSeries[]): Record<string, { time: number; close: number }[]> {
  return Object.fromEntries(series.map((s) => [s.symbol, Array.from(s.time, (time, i) => ({ time, close: s.close[i]! }))]));
}
