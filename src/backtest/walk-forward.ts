import { UserError } from "../core/errors.ts";
import { columns, computeStats, type Stats, type ValueSeries } from "./stats.ts";
import { expandGrid, type Grid, type Params } from "./walk-forward-grid.ts";
import { beats, OBJECTIVES, type ObjectiveName } from "./walk-forward-objective.ts";
import { splitWindows, type BarRange, type WindowSpec } from "./walk-forward-windows.ts";
import type { EquityPoint, TradeRecord } from "./types.ts";

/**
 * One backtest to run. The runner trades and reports equity only on bars range.from..range.to-1
 * of the time line; it may read earlier bars to warm up indicators (they are the past), and must
 * never read bars at or after range.to.
 */
export interface RunJob {
  readonly params: Params;
  readonly range: BarRange;
  readonly initialCash: number;
}

export interface RunResult {
  /** Equity at the close of each bar of the range. */
  readonly equity: ValueSeries;
  readonly trades: readonly TradeRecord[];
  /** Per bar, non-zero when a position was open at the close; else exposure comes from the trades. */
  readonly exposure?: ArrayLike<number> | undefined;
}

export type RunBacktest = (job: RunJob) => Promise<RunResult> | RunResult;

export interface StatsContext {
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
}

/** Runs many jobs and returns only their statistics (what in-sample optimization needs). */
export type EvaluateBacktests = (jobs: readonly RunJob[], context: StatsContext, onDone?: (count: number) => void) => Promise<Stats[]>;

/** Evaluation by running each job in turn, here: the default, and what each worker does with its share. */
export function evaluateWith(run: RunBacktest): EvaluateBacktests {
  return async (jobs, { barsPerYear, riskFreeRate }, onDone) => {
    const out: Stats[] = [];
    for (const job of jobs) {
      const result = await run(job);
      checkRange(result, job.range, "in-sample");
      out.push(computeStats({ equity: result.equity, trades: result.trades, exposure: result.exposure, initialCash: job.initialCash, barsPerYear, riskFreeRate }));
      onDone?.(1);
    }
    return out;
  };
}

export interface WalkForwardOptions {
  /** The bar times of the whole data set (the union time line for several symbols), ascending. */
  readonly times: ArrayLike<number>;
  readonly grid: Grid;
  readonly windows: WindowSpec;
  readonly objective: ObjectiveName;
  readonly initialCash: number;
  readonly barsPerYear: number;
  readonly riskFreeRate?: number | undefined;
  /** Runs one backtest: an in-process function, or WorkerPool.run. Used for the test windows. */
  readonly runBacktest: RunBacktest;
  /** In-sample batches; default evaluateWith(runBacktest). WorkerPool.evaluate spreads them over every core. */
  readonly evaluate?: EvaluateBacktests | undefined;
  /** Skips impossible combinations (e.g. fast >= slow) before running anything. */
  readonly filter?: ((params: Params) => boolean) | undefined;
  /** Buy-and-hold over the whole data; the stitched stats compare against its test-period part. */
  readonly benchmark?: ValueSeries | undefined;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface WindowResult {
  readonly index: number;
  readonly train: BarRange;
  readonly test: BarRange;
  /** Best in-sample parameters (the first combination when none had a defined score). */
  readonly params: Params;
  /** The objective's in-sample value for those parameters; null when undefined for every combination. */
  readonly inSampleScore: number | null;
  readonly inSample: Stats;
  readonly outOfSample: Stats;
}

export interface WalkForwardResult {
  readonly objective: ObjectiveName;
  readonly combinations: number;
  readonly windows: readonly WindowResult[];
  /**
   * Out-of-sample equity of all test windows, each starting with the previous one's final equity.
   * A position still open when a test window ends is valued at that window's last close (listed
   * as an open trade, its P&L unrealized) and the next window starts flat with that value in cash.
   */
  readonly equity: readonly EquityPoint[];
  readonly trades: readonly TradeRecord[];
  readonly stats: Stats;
}

/**
 * Walk-forward optimization: for each window, run every grid combination on the training bars,
 * keep the best by the objective, run it on the following test bars with the capital the previous
 * test window ended with, and stitch the test windows into one out-of-sample result.
 */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { times, objective, initialCash, barsPerYear } = options;
  const riskFreeRate = options.riskFreeRate ?? 0;
  const windows = splitWindows(times, options.windows);
  const combos = expandGrid(options.grid).filter((p) => options.filter?.(p) ?? true);
  if (combos.length === 0) throw new UserError("walk-forward: no valid parameter combination in --grid");
  const total = windows.length * (combos.length + 1);
  let done = 0;
  const tick = (count = 1) => {
    done += count;
    options.onProgress?.(done, total);
  };
  const statsOf = (result: RunResult, cash: number, benchmark?: ValueSeries) =>
    computeStats({ equity: result.equity, trades: result.trades, exposure: result.exposure, initialCash: cash, barsPerYear, riskFreeRate, benchmark });

  // In-sample: every window x combination is independent, so all go out in one batch.
  const jobs = windows.flatMap((w) => combos.map((params) => ({ params, range: w.train, initialCash })));
  const evaluate = options.evaluate ?? evaluateWith(options.runBacktest);
  const flat = await evaluate(jobs, { barsPerYear, riskFreeRate }, tick);
  if (flat.length !== jobs.length) throw new Error(`walk-forward: ${jobs.length} in-sample runs but ${flat.length} results`);
  const inSample = windows.map((w) => flat.slice(w.index * combos.length, (w.index + 1) * combos.length));

  // Out-of-sample: in order, each window starting with the capital the previous one ended with.
  const results: WindowResult[] = [];
  const equity: EquityPoint[] = [];
  const trades: TradeRecord[] = [];
  const exposure: number[] = [];
  let cash = initialCash;
  for (const w of windows) {
    const scores = inSample[w.index]!;
    let best = 0;
    let bestScore = OBJECTIVES[objective].score(scores[0]!);
    for (let i = 1; i < combos.length; i++) {
      const score = OBJECTIVES[objective].score(scores[i]!);
      if (beats(objective, score, bestScore)) [best, bestScore] = [i, score];
    }
    const params = combos[best]!;
    const result = await options.runBacktest({ params, range: w.test, initialCash: cash });
    const { time, value } = checkRange(result, w.test, "out-of-sample");
    tick();
    results.push({ ...w, params, inSampleScore: bestScore, inSample: scores[best]!, outOfSample: statsOf(result, cash) });
    for (let i = 0; i < time.length; i++) equity.push({ time: time[i]!, equity: value[i]! });
    trades.push(...result.trades);
    for (let i = 0; i < time.length; i++) exposure.push(result.exposure ? Number(result.exposure[i] ?? 0) : NaN);
    cash = value.length > 0 ? value[value.length - 1]! : cash;
  }
  const first = windows[0]!.test.fromTime;
  const last = windows.at(-1)!.test.toTime;
  const benchmark = options.benchmark ? columnsWithin(options.benchmark, first, last) : undefined;
  const known = exposure.every((x) => !Number.isNaN(x));
  const stats = statsOf({ equity, trades, exposure: known ? exposure : undefined }, initialCash, benchmark);
  return { objective, combinations: combos.length, windows: results, equity, trades, stats };
}

/** A runner that reports bars outside its range would leak test data into training: refuse it. */
function checkRange(result: RunResult, range: BarRange, phase: string) {
  const cols = columns(result.equity);
  const n = cols.time.length;
  if (n > 0 && (cols.time[0]! < range.fromTime || cols.time[n - 1]! > range.toTime)) {
    throw new Error(
      `walk-forward ${phase} run reported equity from ${iso(cols.time[0]!)} to ${iso(cols.time[n - 1]!)}, outside its range ${iso(range.fromTime)}..${iso(range.toTime)}`,
    );
  }
  return cols;
}

function columnsWithin(series: ValueSeries, from: number, to: number): EquityPoint[] {
  const { time, value } = columns(series);
  const out: EquityPoint[] = [];
  for (let i = 0; i < time.length; i++) if (time[i]! >= from && time[i]! <= to) out.push({ time: time[i]!, equity: value[i]! });
  return out;
}

const iso = (t: number) => new Date(t).toISOString();
