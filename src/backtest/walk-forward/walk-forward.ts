import { UserError } from "../../core/errors.ts";
import { columns, computeStats, type Stats, type ValueSeries } from "../stats/stats.ts";
import { MIN_ANNUALIZED_YEARS } from "../stats/series.ts";
import { expandGrid, type Grid, type Params } from "./grid.ts";
import { beats, OBJECTIVES, type ObjectiveName } from "./objective.ts";
import { splitWindows, type BarRange, type WindowSpec } from "./windows.ts";
import type { DataCounts } from "../../core/data-validation/index.ts";
import type { BacktestExit, BacktestRefusal, EquityPoint, TradeRecord } from "../types.ts";

/**
 * One backtest to run. The runner trades and reports equity only on bars range.from..range.to-1
 * of the time line; it may read earlier bars to warm up indicators (they are the past), and must
 * never read bars at or after range.to.
 */
export interface RunJob {
  /** Parameters in force from range.from (until the first switch). */
  readonly params: Params;
  readonly range: BarRange;
  readonly initialCash: number;
  /**
   * Parameter changes inside the range, time-line indices increasing: from bar `from` on, trade
   * with `params`. One account throughout: positions and open orders carry over a switch.
   */
  readonly switches?: readonly ParamSwitch[] | undefined;
}

export interface ParamSwitch {
  readonly from: number;
  readonly params: Params;
}

export interface RunResult {
  /** Equity at the close of each bar of the range. */
  readonly equity: ValueSeries;
  readonly trades: readonly TradeRecord[];
  /** Per bar, non-zero when a position was open at the close; else exposure comes from the trades. */
  readonly exposure?: ArrayLike<number> | undefined;
  /** Protective exits that fired (sent or refused), when the runner applies a TradingSetup. */
  readonly exits?: readonly BacktestExit[] | undefined;
  /** Orders a risk rule refused, when the runner applies a TradingSetup. */
  readonly refusals?: readonly BacktestRefusal[] | undefined;
  /** Bars the validator accepted and rejected, by reason (null: validation off). */
  readonly data?: DataCounts | null | undefined;
  /** When the daily-loss kill switch tripped, if it did. */
  readonly killSwitch?: { readonly time: number; readonly reason: string } | null | undefined;
}

export type RunBacktest = (job: RunJob) => Promise<RunResult> | RunResult;

export interface StatsContext {
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
}

/** Runs many jobs and returns only their statistics (what in-sample optimization needs). */
export type EvaluateBacktests = (jobs: readonly RunJob[], context: StatsContext, onDone?: (count: number) => void) => Promise<Stats[]>;

/** Evaluation by running each job in turn, here: the default (a worker runs statsOfJob per job). */
export function evaluateWith(run: RunBacktest): EvaluateBacktests {
  return async (jobs, context, onDone) => {
    const out: Stats[] = [];
    for (const job of jobs) {
      out.push(await statsOfJob(run, job, context));
      onDone?.(1);
    }
    return out;
  };
}

/** One in-sample job's statistics: its run, checked to stay within its range. */
export async function statsOfJob(run: RunBacktest, job: RunJob, { barsPerYear, riskFreeRate }: StatsContext): Promise<Stats> {
  const result = await run(job);
  checkRange(result, job.range, "in-sample");
  return computeStats({ equity: result.equity, trades: result.trades, exposure: result.exposure, initialCash: job.initialCash, barsPerYear, riskFreeRate });
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
  /** Runs one backtest, in this thread: the out-of-sample account (and in-sample jobs without `evaluate`). */
  readonly runBacktest: RunBacktest;
  /** In-sample batches; default evaluateWith(runBacktest). evaluateInWorkers (pool.ts) spreads them over every core. */
  readonly evaluate?: EvaluateBacktests | undefined;
  /** Skips impossible combinations (e.g. fast >= slow) before running anything. */
  readonly filter?: ((params: Params) => boolean) | undefined;
  /**
   * Buy-and-hold to compare with, starting at `fromTime` (the first out-of-sample bar) with
   * `initialCash`, like the out-of-sample account (see buyAndHoldEquity's fromTime).
   */
  readonly benchmark?: ((fromTime: number, initialCash: number) => ValueSeries) | undefined;
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
  /**
   * The account over the bars these parameters were in force: the test bars and, when --step
   * leaves a gap, the bars up to the next test window. Starts with the equity the previous window
   * ended with; trades are those that closed in it (plus, for the last window, those still open).
   */
  readonly outOfSample: Stats;
  /** Bars these parameters traded: `test`, extended to the next test window when --step leaves a gap. */
  readonly inForce: BarRange;
  /** Every combination's in-sample objective value (null when undefined): the report's parameter heatmap. */
  readonly grid?: readonly GridScore[] | undefined;
}

export interface GridScore {
  readonly params: Params;
  readonly score: number | null;
}

export interface WalkForwardResult {
  readonly objective: ObjectiveName;
  readonly combinations: number;
  readonly windows: readonly WindowResult[];
  /**
   * Out-of-sample equity from the first test bar to the last: ONE continuous account, as if traded
   * live. At each window's first bar the parameters change to that window's choice; positions and
   * open orders carry over (the new parameters exit them by their own rules, paying commission
   * then), so no exit is invented at a window boundary and only the last bar can leave a trade open.
   * Final equity = initial cash + closed trades' P&L + open trades' P&L (see docs/backtesting.md).
   */
  readonly equity: readonly EquityPoint[];
  readonly trades: readonly TradeRecord[];
  readonly stats: Stats;
  /** Buy-and-hold over the out-of-sample period from the same capital (empty without `benchmark`). */
  readonly benchmark: readonly EquityPoint[];
  /** The out-of-sample account's protective exits (stop loss, take profit, trailing stop), sent or refused. */
  readonly exits: readonly BacktestExit[];
  /** The out-of-sample account's orders a risk rule refused, with the rule and reason. */
  readonly refusals: readonly BacktestRefusal[];
  /** The out-of-sample account's data validation counts (null: off, or a runner without a setup). */
  readonly data: DataCounts | null;
  /** When the out-of-sample account's kill switch tripped, if it did. */
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
}

const ANNUALIZED: readonly ObjectiveName[] = ["sharpe", "sortino", "calmar", "cagr"];

/**
 * Annualized figures are null on spans under MIN_ANNUALIZED_YEARS (stats/series.ts): every
 * candidate would score null and the first grid point would win by default. Refused instead.
 */
function checkAnnualizedObjective(objective: ObjectiveName, windows: readonly { readonly train: BarRange }[], barsPerYear: number): void {
  if (!ANNUALIZED.includes(objective) || windows.length === 0) return;
  const shortest = Math.min(...windows.map((w) => w.train.to - w.train.from));
  if (shortest / barsPerYear >= MIN_ANNUALIZED_YEARS) return;
  const kebab = objective.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new UserError(
    `walk-forward: --objective ${kebab} is annualized and needs training windows of at least 21 trading days ` +
      `(${Math.ceil(barsPerYear * MIN_ANNUALIZED_YEARS)} bars here); the shortest has ${shortest}. ` +
      `Lengthen --train or use --objective total-return, profit-factor, win-rate, expectancy or max-drawdown.`,
  );
}

/**
 * Walk-forward optimization: for each window, run every grid combination on the training bars and
 * keep the best by the objective; then run one out-of-sample backtest from the first test bar to
 * the last that switches to each window's parameters at its first test bar (carrying positions),
 * and measure each window on its part of that account.
 */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { times, objective, initialCash, barsPerYear } = options;
  const riskFreeRate = options.riskFreeRate ?? 0;
  const { windows, combos, jobs } = planWalkForward(options);
  const total = windows.length * combos.length + 1;
  let done = 0;
  const tick = (count = 1) => {
    done += count;
    options.onProgress?.(done, total);
  };
  const statsOf = (result: RunResult, cash: number, benchmark?: ValueSeries) =>
    computeStats({ equity: result.equity, trades: result.trades, exposure: result.exposure, initialCash: cash, barsPerYear, riskFreeRate, benchmark });

  // In-sample: every window x combination is independent, so all go out in one batch.
  const evaluate = options.evaluate ?? evaluateWith(options.runBacktest);
  const flat = await evaluate(jobs, { barsPerYear, riskFreeRate }, tick);
  if (flat.length !== jobs.length) throw new Error(`walk-forward: ${jobs.length} in-sample runs but ${flat.length} results`);
  const chosen = windows.map((w) => {
    const scores = flat.slice(w.index * combos.length, (w.index + 1) * combos.length);
    let best = 0;
    let bestScore = OBJECTIVES[objective].score(scores[0]!);
    for (let i = 1; i < combos.length; i++) {
      const score = OBJECTIVES[objective].score(scores[i]!);
      if (beats(objective, score, bestScore)) [best, bestScore] = [i, score];
    }
    const grid = combos.map((params, i) => ({ params, score: OBJECTIVES[objective].score(scores[i]!) }));
    return { params: combos[best]!, score: bestScore, inSample: scores[best]!, grid };
  });

  // Out-of-sample: one account from the first test bar to the last, switching parameters per window.
  const first = windows[0]!;
  const last = windows.at(-1)!;
  const range: BarRange = { from: first.test.from, to: last.test.to, fromTime: first.test.fromTime, toTime: last.test.toTime };
  const switches = windows.slice(1).map((w) => ({ from: w.test.from, params: chosen[w.index]!.params }));
  const result = await options.runBacktest({ params: chosen[0]!.params, range, initialCash, switches });
  const { time, value } = checkRange(result, range, "out-of-sample");
  if (time.length !== range.to - range.from) throw new Error(`walk-forward: the out-of-sample run reported ${time.length} bars for ${range.to - range.from}`);
  tick();
  const equity: EquityPoint[] = Array.from({ length: time.length }, (_, i) => ({ time: time[i]!, equity: value[i]! }));

  const results = windows.map((w, k): WindowResult => {
    const to = windows[k + 1]?.test.from ?? w.test.to;
    const inForce: BarRange = { from: w.test.from, to, fromTime: times[w.test.from]!, toTime: times[to - 1]! };
    const a = inForce.from - range.from;
    const b = inForce.to - range.from;
    const startCash = a === 0 ? initialCash : value[a - 1]!;
    const isLast = k === windows.length - 1;
    const part: RunResult = {
      equity: { time: slice(time, a, b), equity: slice(value, a, b) },
      trades: result.trades.filter((t) => (t.exitTime === null ? isLast : t.exitTime >= inForce.fromTime && t.exitTime <= inForce.toTime)),
      exposure: result.exposure ? slice(result.exposure, a, b) : undefined,
    };
    const c = chosen[k]!;
    return { ...w, params: c.params, inSampleScore: c.score, inSample: c.inSample, outOfSample: statsOf(part, startCash), inForce, grid: c.grid };
  });
  const benchmark = options.benchmark ? columnsWithin(options.benchmark(range.fromTime, initialCash), range.fromTime, range.toTime) : [];
  const stats = statsOf({ equity, trades: result.trades, exposure: result.exposure }, initialCash, options.benchmark ? benchmark : undefined);
  return { objective, combinations: combos.length, windows: results, equity, trades: result.trades, stats, benchmark, exits: result.exits ?? [], refusals: result.refusals ?? [], data: result.data ?? null, killSwitch: result.killSwitch ?? null };
}

/** The windows, the valid grid combinations and the in-sample jobs (window-major), as every run and shard sees them. */
export function planWalkForward(options: WalkForwardOptions): { windows: ReturnType<typeof splitWindows>; combos: Params[]; jobs: RunJob[] } {
  const windows = splitWindows(options.times, options.windows);
  checkAnnualizedObjective(options.objective, windows, options.barsPerYear);
  const combos = expandGrid(options.grid).filter((p) => options.filter?.(p) ?? true);
  if (combos.length === 0) throw new UserError("walk-forward: no valid parameter combination in --grid");
  const jobs = windows.flatMap((w) => combos.map((params) => ({ params, range: w.train, initialCash: options.initialCash })));
  return { windows, combos, jobs };
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

function slice(values: ArrayLike<number>, from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => values[from + i]!);
}

const iso = (t: number) => new Date(t).toISOString();
