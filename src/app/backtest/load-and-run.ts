import { JIT_FROM_BARS, normalJit } from "../start-up-jit.ts";
import { HistoricalFeed, type SymbolSeries } from "../../backtest/historical-feed.ts";
import { inferBarsPerYear } from "../../backtest/stats/infer-bars-per-year.ts";
import { equityColumns } from "../../backtest/types.ts";
import type { Shard } from "../../backtest/walk-forward/shard.ts";
import { UserError } from "../../core/errors.ts";
import { buildTradingSetup } from "../setup/trading-setup.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { Logger } from "../../log/logger.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { firstAtOrAfter } from "../../core/sorted-search.ts";
import { checkWarmUp } from "./checks.ts";
import { collectNow } from "./collect.ts";
import { score, simulate } from "./plain-run.ts";
import type { UsableModel } from "../train/registry.ts";
import { DEFAULT_REGIME_INDEX, marketRegimeSource, regimeCheck } from "./regime-setup.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import type { BacktestOutcome, BacktestRequest, ShardOutcome } from "./backtest-request.ts";
import { loadAll, shortInput } from "./backtest-bars.ts";
import { runParams } from "./describe-run.ts";
import { keptAfterRun, type Ran, type Simulating } from "./run-result.ts";
import { simulateWhileReading } from "./simulate-while-reading.ts";
import { mergedKeepingRefusals } from "../../backtest/refusals-of.ts";

/**
 * Bars loaded, run (plain or walk-forward) and scored. The bars are loaded and simulated in a
 * function of its own and a plain run is scored after it returned, so that no frame still points
 * at the feed or at columns the later phases do not read (a stale register would keep tens of
 * MB alive through the statistics, the analytics and the output).
 */
export async function loadAndRun(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, configured: ConfiguredStrategy, shard: Shard | undefined): Promise<Ran | ShardOutcome> {
  const ran = await loadAndSimulate(config, request, log, db, configured, shard);
  if (!("simulated" in ran)) return ran;
  const collectAfterRun = ran.scoring.collectColumns !== false;
  return { outcome: mergedKeepingRefusals(ran.head, score(ran.simulated, ran.scoring)), series: ran.series, strategyName: ran.strategyName, barsPerYear: ran.barsPerYear, collectAfterRun };
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
