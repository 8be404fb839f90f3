import path from "node:path";
import type { HeatmapJson } from "../../backtest/report/heatmap-json.ts";
import type { WindowsJson } from "../../backtest/report/windows-json.ts";
import { downsampleEquity } from "../../backtest/stats/equity-downsample.ts";
import { statsToJson } from "../../backtest/stats/json.ts";
import { existsSync, statSync } from "node:fs";
import { EMBEDDED_SYMBOL } from "../../adapters/embedded/sp500.ts";
import { JIT_FROM_BARS, normalJit } from "../start-up-jit.ts";
import { HistoricalFeed, type SymbolSeries } from "../../backtest/historical-feed.ts";
import { inferBarsPerYear } from "../../backtest/stats/infer-bars-per-year.ts";
import type { Stats } from "../../backtest/stats/stats.ts";
import { equityColumns, type EquityColumns, type TradeRecord } from "../../backtest/types.ts";
import type { WalkForwardConfig } from "../../backtest/walk-forward/config.ts";
import type { Shard } from "../../backtest/walk-forward/shard.ts";
import type { WindowResult } from "../../backtest/walk-forward/walk-forward.ts";
import { barsFromArrays, type BarArrays, type BarSize } from "../../core/bar.ts";
import type { DataCounts } from "../../core/data-validation/index.ts";
import { UserError } from "../../core/errors.ts";
import type { OrderUpdate } from "../../core/events.ts";
import type { Sizing } from "../../core/sizing.ts";
import { hasExits, type ExitRules, type TradingSetup } from "../../engine/trading-setup.ts";
import type { BacktestExit, BacktestRefusal } from "../../backtest/types.ts";
import { buildTradingSetup, type SetupOverrides } from "../setup/trading-setup.ts";
import type { AppConfig } from "../../config/schema.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import type { Direction } from "../../strategy/types.ts";
import type { Logger } from "../../log/logger.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { openStore } from "../data/store.ts";
import { loadBarColumns } from "../data/load-bars.ts";
import { loadBarSeries, streamedBars } from "../data/load-series.ts";
import type { CsvStream } from "../../adapters/csv/csv-stream.ts";
import { simulateStreamed, streamableSetup } from "./streamed-run.ts";
import { releasePages } from "../../adapters/os/huge-pages.ts";
import { firstAtOrAfter } from "../../core/sorted-search.ts";
import { checkWarmUp, prepareReportPath } from "./checks.ts";
import { collectNow, collectSoon } from "./collect.ts";
import { score, simulate, type ScoreInput, type Simulated } from "./plain-run.ts";
import type { UsableModel } from "../train/registry.ts";

import { checkRegimeFilter, DEFAULT_REGIME_INDEX, marketRegimeSource, regimeCheck, type RegimeFilterRequest } from "./regime-setup.ts";
import { backtestAnalytics, type AnalyticsRequest } from "./analytics-setup.ts";
import type { PortfolioAnalytics } from "../../backtest/analytics/analytics.ts";
import type { StrategyShare } from "../../backtest/stats/by-strategy.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";

export interface BacktestRequest {
  /** Tickers (store or embedded SPX); exclusive with `dataFiles`. */
  readonly symbols?: readonly string[];
  /** CSV or Parquet files, one symbol each, named after the file ("aapl.csv" -> AAPL). */
  readonly dataFiles?: readonly string[];
  /** A catalogue directory of Parquet files (DIR/<bar size>/<SYMBOL>.parquet) to read `symbols` from instead of the store. */
  readonly catalog?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
  /** Inclusive epoch-ms bounds on bar time. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** A built-in strategy's name (with `params`), or a strategy already configured (a plug-in file). */
  readonly strategy: string | ConfiguredStrategy;
  readonly params: Readonly<Record<string, unknown>>;
  readonly direction: Direction;
  /** Setup flags (sizing, risk, exits, validation, costs); anything absent comes from config. */
  readonly setup?: Omit<SetupOverrides, "strategy" | "symbols" | "params" | "direction" | "barSize">;
  readonly initialCash: number;
  readonly walkForward?: WalkForwardConfig | undefined;
  /** Walk-forward in-sample statistics merged from shards (robotrader merge): not run again. */
  readonly mergedInSample?: readonly Stats[] | undefined;
  /** --regime-filter: entries only in the named regimes (docs/regime.md). */
  readonly regimeFilter?: RegimeFilterRequest | undefined;
  /** --benchmark, --risk-free (docs/analytics.md); default: no benchmark, risk-free 0. */
  readonly analytics?: AnalyticsRequest | undefined;
  /** Walk-forward and --each: worker threads (default every core; 1 = this thread). */
  readonly workers?: number | undefined;
  /**
   * ctx.market.regime()'s index, when a caller running many backtests on the same index has it
   * already (backtest --each, per worker); default: from the index's bars, as marketRegimeSource.
   */
  readonly marketRegime?: MarketRegimeSource | undefined;
  /** Skip the portfolio analytics (attribution, rolling figures): `backtest --each` prints none per symbol. */
  readonly skipAnalytics?: boolean;
  readonly report?: string | undefined;
  /** Save the run to the store (default true). */
  readonly save?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * `dataFiles`' one CSV file, already being read on a worker (startCsvStream, at the start of the
   * command): its bars; a plain run of it is simulated while it is read (streamed-run.ts).
   */
  readonly csvStream?: CsvStream | undefined;
}

export interface BacktestOutcome {
  readonly symbols: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly stats: Stats;
  readonly trades: readonly TradeRecord[];
  readonly equity: EquityColumns;
  /** Buy-and-hold of the same symbols over the same period, from the same capital. */
  readonly benchmark: EquityColumns;
  /** What traded: strategy, sizing, risk, exits, validation, costs. */
  readonly setup: TradingSetup;
  /** Orders the broker reduced, rejected or expired (plain backtest only). */
  readonly notices: readonly OrderUpdate[];
  /** Orders a risk rule refused (walk-forward: in the out-of-sample account). */
  readonly refusals: readonly BacktestRefusal[];
  /** Stop-loss, take-profit and trailing-stop exits, sent or refused (walk-forward: in the out-of-sample account). */
  readonly exits: readonly BacktestExit[];
  /** Bars the validator accepted and rejected, by reason (null: not validated, or walk-forward). */
  readonly data: DataCounts | null;
  /** When the daily loss limit turned the kill switch on. */
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
  readonly windows?: readonly WindowResult[];
  /** Several strategies in the account: each one's fills, positions and P&L. */
  readonly strategies?: readonly StrategyShare[];
  /** Attribution, rolling figures, benchmark-relative figures, trading habits. */
  readonly analytics?: PortfolioAnalytics;
  readonly runId?: number;
  readonly reportPath?: string;
}

/** A backtest (or walk-forward) from flags to saved run and report. */
export async function runBacktestCommand(config: AppConfig, request: BacktestRequest, log: Logger): Promise<BacktestOutcome> {
  // A report that cannot be written fails now, not after a long run (and before the store opens).
  if (request.report !== undefined) await prepareReportPath(request.report);
  // Saving needs the store open for writing anyway (which also migrates an older one); without
  // saving, bars come from the store read-only, or the embedded series when there is no store.
  // The ml strategy reads its model from the registry, so it needs the store too.
  const isMl = (typeof request.strategy === "string" ? request.strategy : request.strategy.name) === "ml";
  const db = (request.save ?? true) || isMl ? openStore(config) : undefined;
  try {
    const outcome = await backtest(config, request, log, db);
    if ("results" in outcome) throw new Error("backtest: a shard's partial result where a whole run was asked for");
    return outcome;
  } finally {
    db?.close();
  }
}

/** What one walk-forward shard (--shard i/N) leaves: its in-sample statistics by job number. */
export interface ShardOutcome {
  readonly symbols: readonly string[];
  readonly jobs: number;
  readonly results: readonly (readonly [number, unknown])[];
}

/**
 * One shard of a walk-forward backtest: the same data, strategy and windows as the whole run, but
 * only its share of the in-sample backtests; nothing is saved. mergeShards + `merged` give the
 * whole run's result (robotrader merge).
 */
export async function runBacktestShard(config: AppConfig, request: BacktestRequest, shard: Shard, log: Logger): Promise<ShardOutcome> {
  if (!request.walkForward) throw new UserError("--shard splits the in-sample backtests of a walk-forward run: give --walk-forward and --grid too");
  const outcome = await backtest(config, { ...request, save: false, report: undefined }, log, undefined, shard);
  if (!("results" in outcome)) throw new Error("backtest: a whole run where a shard was asked for");
  return outcome;
}

async function backtest(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, shard?: Shard): Promise<BacktestOutcome | ShardOutcome> {
  if (request.walkForward && request.strategy === "ml") throw new UserError("walk-forward does not apply to --strategy ml: robotrader train validates the model out of sample; run a plain backtest");
  // By name, ml takes its model from params.model (an id; else the promoted model).
  const mlParams = async () => ({ ...request.params, model: await (await import("../train/ml-source.ts")).mlModelSource(config, typeof request.params["model"] === "string" ? request.params["model"] : undefined, request.barSize) });
  const strategy = typeof request.strategy === "string" ? configureStrategy(request.strategy, request.strategy === "ml" ? await mlParams() : request.params) : request.strategy;
  if (request.walkForward && (strategy.file !== undefined || strategy.createPortfolio !== undefined || strategy.members !== undefined)) {
    const what = strategy.file !== undefined ? "a strategy file" : strategy.members !== undefined ? "several strategies ([[strategies]])" : "a portfolio strategy";
    throw new UserError(`walk-forward runs one built-in per-symbol strategy; ${strategy.name} is ${what}`);
  }
  if (!(Number.isFinite(request.initialCash) && request.initialCash > 0)) throw new UserError(`--cash must be an amount > 0, got ${request.initialCash}`);
  // Checked before any bar is loaded (the symbols are filled in below).
  buildTradingSetup(config, { ...request.setup, strategy, symbols: [], direction: request.direction, barSize: request.barSize });
  if (request.regimeFilter) {
    checkRegimeFilter(request.regimeFilter);
    if (request.walkForward) throw new UserError("--regime-filter does not apply to walk-forward runs yet; run a plain backtest");
  }

  const ran = await loadAndRun(config, request, log, db, strategy, shard);
  if ("results" in ran) return ran;
  collectSoon(ran.outcome.equity.time.length);
  const { series, barsPerYear } = ran;
  const { symbols, params, setup } = ran.outcome;
  const strategyName = ran.strategyName;
  let outcome: Omit<BacktestOutcome, "runId" | "reportPath"> = ran.outcome;

  const analytics = request.skipAnalytics ? undefined : backtestAnalytics({
    config,
    request: { riskFreeRate: 0, ...request.analytics, regimeIndex: request.regimeFilter?.index },
    series,
    barSize: request.barSize,
    db,
    equity: outcome.equity,
    trades: outcome.trades,
    strategy: strategyName,
    strategyTrades: outcome.strategies,
    barsPerYear,
  });
  if (analytics) outcome = { ...outcome, analytics };
  collectSoon(outcome.equity.time.length);
  if (request.analytics?.benchmark !== undefined) params["benchmark"] = request.analytics.benchmark;
  if (request.analytics?.riskFreeRate) params["riskFreeRate"] = request.analytics.riskFreeRate;

  let reportPath: string | undefined;
  if (request.report !== undefined) {
    const { writeReport } = await import("../../backtest/report/report.ts");
    const written = await writeReport(request.report, {
      title: `${strategyName} on ${symbols.join(", ")}${request.walkForward ? " (walk-forward, out-of-sample)" : ""}`,
      params: reportParams(params),
      stats: outcome.stats,
      trades: outcome.trades,
      equity: outcome.equity,
      benchmark: outcome.benchmark,
      bars: Object.fromEntries(series.map((s) => [s.symbol, barsFromArrays(s)])),
      analytics,
      risk: { summary: riskSummary(setup), exits: outcome.exits, refusals: outcome.refusals, data: outcome.data, killSwitch: outcome.killSwitch },
      ...(request.walkForward && outcome.windows ? { walkForward: { objective: request.walkForward.objective, windows: outcome.windows } } : {}),
    }).catch((error: unknown) => {
      throw new UserError(`--report ${request.report}: cannot write the report (${(error as Error).message})`);
    });
    reportPath = written.path;
  }

  let runId: number | undefined;
  if (db && (request.save ?? true)) {
    try {
      // The report's path goes with the run, so the status page can link to it.
      const saved = reportPath !== undefined ? { ...params, report: reportPath } : params;
      // The store's run writer is loaded only to save (not with --no-save).
      const { saveBacktestRun } = require("../../adapters/sqlite/runs-repo.ts") as typeof import("../../adapters/sqlite/runs-repo.ts");
      runId = saveBacktestRun(db, { kind: "backtest", params: saved, stats: { ...statsToJson(outcome.stats), ...savedWalkForward(request, outcome) }, trades: outcome.trades, equity: downsampleEquity(outcome.equity) });
    } catch (error) {
      // The results are still printed; a store that cannot be written is reported, not fatal.
      log.warn(`backtest not saved to the store: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
  return { ...outcome, ...(runId !== undefined ? { runId } : {}), ...(reportPath !== undefined ? { reportPath } : {}) };
}

/** A walk-forward run's parameter heatmap and windows table, saved beside its statistics so `backtest report ID` draws them too. */
function savedWalkForward(request: BacktestRequest, outcome: { readonly windows?: readonly WindowResult[] | undefined }): { heatmap?: HeatmapJson; windows?: WindowsJson } {
  if (!request.walkForward || !outcome.windows) return {};
  const { objective } = request.walkForward;
  // The report's walk-forward parts are loaded for a saved walk-forward run only.
  const { walkForwardHeatmap } = require("../../backtest/report/heatmap.ts") as typeof import("../../backtest/report/heatmap.ts");
  const { heatmapToJson } = require("../../backtest/report/heatmap-json.ts") as typeof import("../../backtest/report/heatmap-json.ts");
  const { windowRow } = require("../../backtest/report/windows.ts") as typeof import("../../backtest/report/windows.ts");
  const { windowsToJson } = require("../../backtest/report/windows-json.ts") as typeof import("../../backtest/report/windows-json.ts");
  const heat = walkForwardHeatmap(outcome.windows, objective);
  return { ...(heat ? { heatmap: heatmapToJson(heat) } : {}), windows: windowsToJson({ objective, rows: outcome.windows.map(windowRow) }) };
}

interface Ran {
  readonly outcome: Omit<BacktestOutcome, "runId" | "reportPath" | "params"> & { readonly params: Record<string, unknown> };
  /** The series the phases after the run read (keptAfterRun). */
  readonly series: readonly SymbolSeries[];
  readonly strategyName: string;
  readonly barsPerYear: number;
}

/**
 * Bars loaded, run (plain or walk-forward) and scored. The bars are loaded and simulated in a
 * function of its own and a plain run is scored after it returned, so that no frame still points
 * at the feed or at columns the later phases do not read (a stale register would keep tens of
 * MB alive through the statistics, the analytics and the output).
 */
async function loadAndRun(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, configured: ConfiguredStrategy, shard: Shard | undefined): Promise<Ran | ShardOutcome> {
  const ran = await loadAndSimulate(config, request, log, db, configured, shard);
  if (!("simulated" in ran)) return ran;
  return { outcome: { ...ran.head, ...score(ran.simulated, ran.scoring) }, series: ran.series, strategyName: ran.strategyName, barsPerYear: ran.barsPerYear };
}

/** A plain run simulated, not yet scored. */
interface Simulating extends Omit<Ran, "outcome"> {
  readonly head: Pick<Ran["outcome"], "symbols" | "params" | "setup">;
  readonly simulated: Simulated;
  readonly scoring: ScoreInput;
}

async function loadAndSimulate(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, configured: ConfiguredStrategy, shard: Shard | undefined): Promise<Ran | ShardOutcome | Simulating> {
  let strategy = configured;
  // A plain backtest keeps the bars before --from: they warm up indicators and strategies (no
  // order is decided on them), so a run from a date trades like a longer run does from that date.
  // Walk-forward starts its first training window at --from instead.
  const warmUp = request.walkForward === undefined && request.from !== undefined;
  if (!shortInput(request)) normalJit();
  const streamed = await simulateWhileReading(config, request, log, db, strategy);
  if (streamed !== undefined) return streamed;
  const series: readonly SymbolSeries[] = await loadAll(config, request, db, warmUp);
  if (series.reduce((n, s) => n + s.time.length, 0) >= JIT_FROM_BARS) normalJit();
  // The file reader's chunk and spare capacity are garbage now: collected before the loop allocates its own.
  collectNow(series.reduce((n, s) => n + s.time.length, 0));
  const symbols = series.map((s) => s.symbol);
  // Backtests score the model once per bar in batch, before the run (same features as run's streaming ones).
  let ml: UsableModel | undefined;
  if (strategy.name === "ml" && strategy.file === undefined) {
    // Loaded only for ml, like the walk-forward engine, the report writer and the store's runs below:
    // a backtest that does not use them does not pay for their modules (docs/performance.md, "Memory").
    const { batchSource, resolveMlModel } = await import("../train/ml-source.ts");
    const { ML_STRATEGY, mlRefusals } = await import("../../strategy/ml/ml.ts");
    ml = resolveMlModel(db, config.dataDir, String(strategy.params["model"]), request.barSize);
    const source = batchSource(ml, new Map(series.map((s) => [s.symbol, s])));
    const refused = mlRefusals(source, symbols);
    if (refused.length > 0) throw new UserError(`strategy ml: ${refused.join("; ")}`);
    strategy = ML_STRATEGY.configure({ ...strategy.params, model: source });
  }
  let feed: HistoricalFeed | undefined = new HistoricalFeed(series);
  const tradeFrom = warmUp ? firstAtOrAfter(feed.timeline, request.from!) : 0;
  if (ml) warnInSample(ml, symbols, feed.timeline[tradeFrom], log);
  if (!request.walkForward) checkWarmUp(strategy, Object.fromEntries(series.map((s) => [s.symbol, s.time.length])), log);
  const barsPerYear = inferBarsPerYear(feed.timeline);
  // A rules regime filter is part of the setup (the pipeline applies it, as in run and replay);
  // the HMM one needs the index's whole history and stays a backtest check below.
  const rf = request.regimeFilter;
  const rulesFilter = rf && rf.method !== "hmm" ? { filter: rf.filter, source: rf.source } : undefined;
  const setup = buildTradingSetup(config, { ...request.setup, ...(rulesFilter ? { regimeFilter: rulesFilter } : {}), strategy, symbols, direction: request.direction, barSize: request.barSize });
  const params = runParams(request, strategy, symbols, setup);
  log.debug(`backtest ${strategy.name} on ${symbols.join(",")}: ${feed.barCount} bars, ${feed.timeline.length} time steps, ${barsPerYear} bars/year`);

  let outcome: Omit<BacktestOutcome, "runId" | "reportPath">;
  if (request.walkForward) {
    const wfOptions = {
      config: request.walkForward,
      series,
      strategy: strategy.name,
      fixedParams: strategy.params,
      setup,
      barsPerYear,
      initialCash: request.initialCash,
      onProgress: request.onProgress,
      merged: request.mergedInSample,
      workers: request.workers,
    };
    const { runEngineWalkForward, runEngineWalkForwardShard } = await import("../../backtest/walk-forward/engine.ts");
    if (shard) return { symbols, ...(await runEngineWalkForwardShard(wfOptions, shard)) };
    const wf = await runEngineWalkForward(wfOptions);
    outcome = { symbols, params, setup, stats: wf.stats, trades: wf.trades, equity: equityColumns(wf.equity), benchmark: equityColumns(wf.benchmark), notices: [], refusals: wf.refusals, exits: wf.exits, data: wf.data, killSwitch: wf.killSwitch, windows: wf.windows };
  } else {
    const checks = rf && rf.method === "hmm" ? [regimeCheck(config, rf, series, request.barSize, db)] : undefined;
    const marketRegime = request.marketRegime ?? marketRegimeSource(config, rf?.index ?? DEFAULT_REGIME_INDEX, series, request.barSize, db, rf?.source === "market");
    const simulated = simulate({
      feed, series, strategy, setup, initialCash: request.initialCash, barsPerYear, tradeFrom,
      ...(checks ? { checks } : {}),
      marketRegime,
      onProgress: request.onProgress,
    });
    feed = undefined;
    const scoring = { initialCash: request.initialCash, barsPerYear, benchmarkFrom: warmUp ? request.from : undefined, riskFreeRate: request.analytics?.riskFreeRate };
    return { head: { symbols, params, setup }, simulated, scoring, series: keptAfterRun(series, request), strategyName: strategy.name, barsPerYear };
  }
  // The phases after the run read only some series (or all, for --report).
  return { outcome, series: keptAfterRun(series, request), strategyName: strategy.name, barsPerYear };
}

/**
 * A plain run of one CSV file (no --from/--to, walk-forward, regime filter, report, ml or
 * volatility sizing) simulated while a worker reads the file: the same outcome and errors as
 * the ordinary way below (streamed-run.ts); undefined when that way runs it.
 */
async function simulateWhileReading(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, strategy: ConfiguredStrategy): Promise<Simulating | undefined> {
  const stream = request.csvStream;
  const file = request.dataFiles?.[0];
  if (stream === undefined || file === undefined || request.dataFiles?.length !== 1 || stream.file !== file) return undefined;
  if (request.from !== undefined || request.to !== undefined || request.walkForward || request.regimeFilter || request.report !== undefined || strategy.name === "ml") return undefined;
  if (!existsSync(file)) throw new UserError(`--data ${file}: no such file`);
  const symbol = symbolFromFile(file);
  const symbols = [symbol];
  let setup: TradingSetup;
  try {
    setup = buildTradingSetup(config, { ...request.setup, strategy, symbols, direction: request.direction, barSize: request.barSize });
  } catch {
    return undefined; // said after the file's problems, the ordinary way
  }
  if (!streamableSetup(setup)) return undefined;
  // The file is long (the command streams only large ones): compiled code pays.
  normalJit();
  const run = await simulateStreamed({
    stream, symbol, strategy, setup, initialCash: request.initialCash,
    marketRegime: (series) => request.marketRegime ?? marketRegimeSource(config, DEFAULT_REGIME_INDEX, series, request.barSize, db, false),
    onProgress: request.onProgress,
    checkBars: (bars) => checkWarmUp(strategy, { [symbol]: bars }, log),
  });
  if (run === undefined) return undefined;
  stream.close();
  const kept = keptAfterRun([run.series], request);
  // Shared columns stay resident after they are collected: the ones no later phase reads are given back now.
  if (kept.length === 0) for (const column of [run.series.open, run.series.high, run.series.low, run.series.volume]) releasePages(column);
  const { barsPerYear } = run;
  const bars = run.series.time.length;
  log.debug(`backtest ${strategy.name} on ${symbol}: ${bars} bars, ${bars} time steps, ${barsPerYear} bars/year (simulated while read)`);
  const scoring = { initialCash: request.initialCash, barsPerYear, benchmarkFrom: undefined, riskFreeRate: request.analytics?.riskFreeRate, collectColumns: false };
  return { head: { symbols, params: runParams(request, strategy, symbols, setup), setup }, simulated: run.simulated, scoring, series: kept, strategyName: strategy.name, barsPerYear };
}

/** What the run is, as saved and printed (params). */
function runParams(request: BacktestRequest, strategy: ConfiguredStrategy, symbols: readonly string[], setup: TradingSetup): Record<string, unknown> {
  // Walk-forward chooses the grid's parameters per window: saving the defaults would mislead.
  const optimized = new Set(request.walkForward ? Object.keys(request.walkForward.grid) : []);
  return {
    strategy: strategy.name,
    ...Object.fromEntries(Object.entries(strategy.params).filter(([k]) => !optimized.has(k))),
    symbols,
    source: request.dataFiles ? request.dataFiles.map((f) => path.basename(f)) : "symbols",
    barSize: request.barSize,
    direction: request.direction,
    sizing: setup.sizing,
    initialCash: request.initialCash,
    commission: setup.costs.commission,
    slippageBps: setup.costs.slippageBps,
    risk: setup.risk ? "config [risk]" : "off (--no-risk)",
    exits: describeExits(setup.exits),
    validation: setup.validation ? "on" : "off (--no-validate)",
    setup,
    ...(request.walkForward ? { walkForward: request.walkForward } : {}),
    ...(request.regimeFilter ? { regimeFilter: `${request.regimeFilter.filter} (${request.regimeFilter.source === "market" ? `market ${request.regimeFilter.index}` : "own"}, ${request.regimeFilter.method ?? "rules"})` } : {}),
  };
}

/**
 * Input that holds fewer than JIT_FROM_BARS bars for sure, read before the JIT is back to normal:
 * --data files of fewer bytes than that many rows take (a CSV row is 40+ bytes, a Parquet row
 * 48), or daily SPX (the embedded series: a few thousand bars). Anything else, or walk-forward.
 */
function shortInput(request: BacktestRequest): boolean {
  if (request.walkForward) return false;
  if (request.dataFiles === undefined) return request.catalog === undefined && request.barSize === "1d" && request.symbols?.every((s) => s === EMBEDDED_SYMBOL) === true;
  let bytes = 0;
  for (const file of request.dataFiles) bytes += existsSync(file) ? statSync(file).size : 0;
  return bytes < JIT_FROM_BARS * 40;
}

/** The series the phases after the run read: every one for --report, else the regime index's and the benchmark's when traded. */
function keptAfterRun(series: readonly SymbolSeries[], request: BacktestRequest): readonly SymbolSeries[] {
  if (request.report !== undefined) return series;
  const wanted = [request.regimeFilter?.index ?? DEFAULT_REGIME_INDEX, request.analytics?.benchmark];
  return series.filter((s) => wanted.includes(s.symbol));
}

/** Bars per symbol up to --to (never later), from --from on or, with `warmUp`, from the first bar. */
async function loadAll(config: AppConfig, request: BacktestRequest, db: Db | undefined, warmUp: boolean): Promise<SymbolSeries[]> {
  const out: SymbolSeries[] = [];
  const base = { barSize: request.barSize, ...(request.timeZone !== undefined ? { timeZone: request.timeZone } : {}) };
  const sources: [string, { symbol?: string; data?: string }][] = request.dataFiles
    ? request.dataFiles.map((file) => [symbolFromFile(file), { data: file }])
    : (request.symbols ?? []).map((symbol) => [symbol, { symbol }]);
  if (sources.length === 0) throw new UserError("Give --symbol SYMBOL[,SYMBOL...] or --data FILE.csv");
  for (const [symbol, source] of sources) {
    if (out.some((s) => s.symbol === symbol)) throw new UserError(`symbol ${symbol} is given twice`);
    if (source.data !== undefined && !existsSync(source.data)) throw new UserError(`--data ${source.data}: no such file`);
    const stream = request.csvStream !== undefined && request.csvStream.file === source.data ? request.csvStream : undefined;
    const bars = stream
      ? await streamedBars(stream).finally(() => stream.close()).then((r) => r.bars)
      : db && source.symbol !== undefined && request.catalog === undefined
        ? loadBarColumns({ db, symbol: source.symbol, barSize: request.barSize }).columns
        : await loadBarSeries(config, { ...base, ...source, ...(source.symbol !== undefined ? { catalog: request.catalog } : {}) });
    const series = cut(symbol, bars, request.from, request.to, warmUp);
    if (series === undefined) throw new UserError(`${symbol}: no bars between --from and --to`);
    out.push(series);
  }
  return out;
}

/** The bars up to `to` (inclusive), from `from` or, with `warmUp`, from the first; undefined with none from `from` on. */
function cut(symbol: string, bars: BarArrays, from: number | undefined, to: number | undefined, warmUp: boolean): SymbolSeries | undefined {
  const fromIndex = from === undefined ? 0 : firstAtOrAfter(bars.time, from);
  const end = to === undefined ? bars.time.length : firstAtOrAfter(bars.time, to + 0.5);
  if (fromIndex >= end) return undefined;
  const start = warmUp ? 0 : fromIndex;
  const c = (a: Float64Array) => (start === 0 && end === a.length ? a : a.subarray(start, end));
  return { symbol, time: c(bars.time), open: c(bars.open), high: c(bars.high), low: c(bars.low), close: c(bars.close), volume: c(bars.volume) };
}

/** "data/aapl-1d.csv" -> "AAPL-1D"; the name trades and reports show. */
export function symbolFromFile(file: string): string {
  const name = path.basename(file).replace(/\.[^.]*$/, "").toUpperCase().replace(/[^A-Z0-9.-]/g, "");
  return name === "" ? "DATA" : name;
}

function reportParams(params: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === "walkForward" || k === "setup") continue;
    if (k === "sizing" && typeof v === "object" && v !== null) out[k] = describeSizing(v as Sizing);
    else if (Array.isArray(v)) out[k] = v.join(", ");
    else out[k] = typeof v === "number" || typeof v === "boolean" || typeof v === "string" || v === null ? v : JSON.stringify(v);
  }
  return out;
}

/** "pct-equity 100%" rather than {"kind":"pct-equity","pct":100} in the report header. */
function describeSizing(sizing: Sizing): string {
  const { kind, ...rest } = sizing as { kind: string } & Record<string, unknown>;
  const values = Object.entries(rest).map(([k, v]) => (k === "pct" ? `${String(v)}%` : `${k} ${String(v)}`));
  return [kind, ...values].join(" ");
}

/** "stop loss 5%, take profit 10%" for the report header and the saved run. */
function describeExits(exits: ExitRules): string {
  if (!hasExits(exits)) return "off";
  const parts: string[] = [];
  if (exits.stopLossPct > 0) parts.push(`stop loss ${exits.stopLossPct}%`);
  if (exits.takeProfitPct > 0) parts.push(`take profit ${exits.takeProfitPct}%`);
  if (exits.trailingStopPct > 0) parts.push(`trailing stop ${exits.trailingStopPct}%`);
  return parts.join(", ");
}

/** What the pipeline applied, in words (report, text output). */
export function riskSummary(setup: TradingSetup): string {
  const rules = setup.risk ? `config [risk] rules (${describeLimits(setup.risk.limits)})` : "no risk rules (--no-risk)";
  return `${rules}; exits: ${describeExits(setup.exits)}; data validation ${setup.validation ? "on" : "off (--no-validate)"}`;
}

/** The main limits as applied (config, or a flag over it): max open positions 1, max position 10000 USD / 25%, ... */
function describeLimits(l: TradingSetupLimits): string {
  const position = `max position ${l.maxPositionValue} USD${l.maxPositionPct !== undefined ? ` / ${l.maxPositionPct}%` : ""}`;
  return [
    `max open positions ${l.maxOpenPositions}`,
    position,
    ...(l.maxOrderValue !== undefined ? [`max order ${l.maxOrderValue} USD`] : []),
    `max daily trades per symbol ${l.maxDailyTradesPerSymbol}`,
    `daily loss limit ${l.dailyLossLimit} USD`,
  ].join(", ");
}

type TradingSetupLimits = NonNullable<TradingSetup["risk"]>["limits"];

/** A backtest of a model over bars it was trained on is in-sample: say so, it looks better than it is. */
function warnInSample(ml: UsableModel, symbols: readonly string[], firstTraded: number | undefined, log: Logger): void {
  const trained = symbols.filter((s) => ml.meta.data.symbols.includes(s));
  if (trained.length === 0 || firstTraded === undefined || firstTraded > ml.meta.trainedThrough) return;
  const through = new Date(ml.meta.trainedThrough).toISOString().slice(0, 10);
  log.warn(
    `strategy ml: model ${ml.row.id} was trained on ${trained.join(", ")} bars through ${through}; this backtest trades from ` +
      `${new Date(firstTraded).toISOString().slice(0, 10)}, so its results up to ${through} are in-sample (optimistic). ` +
      `For an out-of-sample test give --from after ${through}.`,
  );
}
