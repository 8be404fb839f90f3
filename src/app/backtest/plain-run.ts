import { largeFloat64Array } from "../../adapters/os/huge-pages.ts";
import type { BarFeed, SymbolSeries } from "../../backtest/historical-feed.ts";
import { prepareBacktest, runBacktest, type BacktestResult } from "../../backtest/run-backtest.ts";
import { buyAndHoldColumns, holdingColumns, type CloseColumns } from "../../backtest/stats/benchmark.ts";
import { sharesByStrategy } from "../../backtest/stats/by-strategy.ts";
import { computeStats } from "../../backtest/stats/stats.ts";
import { warmSeriesPasses } from "../../backtest/stats/series-passes.ts";
import { UserError } from "../../core/errors.ts";
import type { Fill } from "../../core/fill.ts";
import type { PreTradeCheck } from "../../engine/ports.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import { strategyOfKey } from "../../strategy/combine.ts";
import { guardStrategy } from "../../strategy/guard.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import { strategyFailureMessage } from "../strategy/failure-message.ts";
import { BARS_PER_HINT, collectNow, collectSoon, collectingProgress, progressSteps } from "./collect.ts";
import { keepPerOrderCodeOffTopTier } from "./top-tier.ts";
import type { BacktestOutcome } from "./backtest-request.ts";
import { RefusalList } from "../../backtest/refusal-list.ts";
import { refusalListOf, withRefusalList } from "../../backtest/refusals-of.ts";

export interface PlainRunInput {
  readonly feed: BarFeed;
  readonly series: readonly SymbolSeries[];
  readonly strategy: ConfiguredStrategy;
  readonly setup: TradingSetup;
  readonly initialCash: number;
  readonly barsPerYear: number;
  /** Time-line index of the first traded bar (bars before it warm up). */
  readonly tradeFrom: number;
  readonly checks?: readonly PreTradeCheck[];
  readonly marketRegime: MarketRegimeSource;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Makes the recorded equity column; default largeFloat64Array (huge pages). */
  readonly newColumn?: (n: number) => Float64Array;
  /** Makes the recorded exposure flags; default a new Uint8Array. */
  readonly newFlags?: (n: number) => Uint8Array;
}

/** A simulated account, and of its bars only what scoring it reads. */
export interface Simulated {
  readonly result: BacktestResult;
  /** Each series' times and closes (the benchmark, the last prices). */
  readonly closes: readonly (CloseColumns & { readonly symbol: string })[];
}

export interface ScoreInput {
  readonly initialCash: number;
  readonly barsPerYear: number;
  /** The benchmark's start (--from with warm-up), else its first bar. */
  readonly benchmarkFrom: number | undefined;
  readonly riskFreeRate: number | undefined;
  /**
   * Whether a full collection before scoring frees the columns the run alone read (default). Not
   * for a run over shared columns (streamed-run.ts): a collection does not give their memory
   * back (they are released explicitly), so it would only cost the main thread ~10 ms for 1M bars.
   * Such a run (never --json) also skips the collection hints after scoring (Ran.collectAfterRun).
   */
  readonly collectColumns?: boolean;
}

/** What a plain run gives of a backtest's outcome (the caller adds symbols, params, setup, analytics). */
export type PlainRunOutcome = Pick<BacktestOutcome, "stats" | "trades" | "equity" | "benchmark" | "notices" | "refusals" | "exits" | "data" | "killSwitch" | "strategies">;

/**
 * A plain (not walk-forward) backtest's bars through the account. What it returns holds no bar
 * column but the times and closes: once the caller's frame that held the feed and the series is
 * gone, the other columns (and a multi-symbol feed's packed copy) can be collected before the
 * benchmark, the statistics and the output (docs/performance.md, "Memory").
 */
export function simulate(input: PlainRunInput): Simulated {
  const { feed, series } = input;
  const long = feed.barCount >= BARS_PER_HINT;
  const prepared = prepareSimulation({ ...input, symbols: series.map((s) => s.symbol), long }, input.tradeFrom);
  // Scoring a long run reads every bar twice in loops that run once: compiled while the bars run.
  if (long) warmSeriesPasses();
  return prepared.run(feed, series);
}

/** What prepareSimulation sets a run up from: a plain run's input without its bars. */
export type SimulationPlan = Omit<PlainRunInput, "feed" | "series" | "tradeFrom"> & {
  /** The series' symbols, in the feed's order. */
  readonly symbols: readonly string[];
  /** A long run (BARS_PER_HINT bars or more): its order path is kept off the JIT's top tier. */
  readonly long: boolean;
};

/** A plain run set up, waiting for its bars (prepareSimulation). */
export interface PreparedSimulation {
  /** The bars of the plan's symbols (one series each, in its order), simulated; once. */
  run(feed: BarFeed, series: readonly SymbolSeries[]): Simulated;
}

/**
 * A plain run's set-up (the JIT's tier marks, the strategy's guard and, for a run from the time
 * line's first bar, the account and its pipeline), which reads nothing of the bars: made before
 * they are read (streamed-run.ts, tradeFrom undefined). With tradeFrom (a time-line index: simulate)
 * the account is set up in `run`, as runBacktest does (it reads that bar's time). The same
 * decisions either way: a range from the first bar holds nothing back, and an empty one runs no bar.
 */
export function prepareSimulation(plan: SimulationPlan, tradeFrom?: number): PreparedSimulation {
  if (plan.long) keepPerOrderCodeOffTopTier();
  const common = {
    // A strategy that throws stops the backtest with its file:line (never a silent partial result).
    strategy: guardStrategy(plan.strategy, (f) => {
      throw new UserError(strategyFailureMessage(f), { cause: f.error });
    }),
    setup: plan.setup,
    initialCash: plan.initialCash,
    barsPerYear: plan.barsPerYear,
    ...(plan.checks ? { checks: plan.checks } : {}),
    marketRegime: plan.marketRegime,
    onProgress: collectingProgress(plan.onProgress, plan.symbols.length),
    progressEvery: progressSteps(plan.symbols.length),
    replayOnce: true,
    newColumn: plan.newColumn ?? largeFloat64Array,
    ...(plan.newFlags ? { newFlags: plan.newFlags } : {}),
  };
  const prepared = tradeFrom === undefined ? prepareBacktest({ ...common, symbols: plan.symbols, tradeFrom: -Infinity }) : undefined;
  return {
    run(feed, series) {
      const range = { from: tradeFrom ?? 0, to: feed.timeline.length };
      const result = prepared !== undefined ? prepared.run(feed, range) : runBacktest({ ...common, feed, range });
      return { result, closes: series.map((s) => ({ symbol: s.symbol, time: s.time, close: s.close })) };
    },
  };
}

/** A simulated account's benchmark, statistics and, with several strategies, each one's share. */
export function score(simulated: Simulated, input: ScoreInput): PlainRunOutcome {
  const { result, closes } = simulated;
  // The columns the run read are unreachable now: freed before the benchmark and the statistics
  // allocate (an asynchronous hint may not be served before the process ends).
  if (input.collectColumns !== false) collectNow(result.bars);
  // One symbol's buy-and-hold is scored from its closes in place, its equity column made only if read (--report).
  const benchmark = closes.length === 1 ? holdingColumns(closes[0]!, input.initialCash, input.benchmarkFrom) : buyAndHoldColumns(closes, input.initialCash, input.benchmarkFrom);
  const stats = computeStats({ equity: result.equity, trades: result.trades, exposure: result.exposure, initialCash: result.initialCash, benchmark, barsPerYear: input.barsPerYear, riskFreeRate: input.riskFreeRate });
  if (input.collectColumns !== false) collectSoon(result.bars);
  // Each strategy's own book is only shown for several: with one, rebooking every fill is wasted.
  const last = new Map(closes.map((s) => [s.symbol, s.close[s.close.length - 1] ?? NaN]));
  const shares = severalStrategies(result.fills) ? sharesByStrategy(result.fills, (symbol) => last.get(symbol) ?? NaN) : [];
  // A run's refusal list makes its records when they are read (backtest/refusals-of.ts); the
  // getter holds the list, not the result (its fills and exposure column).
  const refusals = refusalListOf(result) ?? result.refusals;
  const outcome: PlainRunOutcome = {
    stats, trades: result.trades, equity: result.equity, benchmark, notices: result.notices,
    get refusals() {
      return refusals instanceof RefusalList ? refusals.all() : refusals;
    },
    exits: result.exits, data: result.data, killSwitch: result.killSwitch,
    ...(shares.length > 1 ? { strategies: shares } : {}),
  };
  return refusals instanceof RefusalList ? withRefusalList(outcome, refusals) : outcome;
}

/** Fills ordered by more than one strategy (as sharesByStrategy groups them). */
function severalStrategies(fills: readonly Fill[]): boolean {
  if (fills.length === 0) return false;
  const first = strategyOfKey(fills[0]!.orderKey);
  for (const f of fills) if (strategyOfKey(f.orderKey) !== first) return true;
  return false;
}
