import type { HeatmapJson } from "../../backtest/report/heatmap-json.ts";
import type { WindowsJson } from "../../backtest/report/windows-json.ts";
import { downsampleEquity } from "../../backtest/stats/equity-downsample.ts";
import { statsToJson } from "../../backtest/stats/json.ts";
import type { Shard } from "../../backtest/walk-forward/shard.ts";
import type { WindowResult } from "../../backtest/walk-forward/walk-forward.ts";
import { barsFromArrays } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { buildTradingSetup } from "../setup/trading-setup.ts";
import type { AppConfig } from "../../config/schema.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import type { Logger } from "../../log/logger.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { openStore } from "../data/store.ts";
import { prepareReportPath } from "./checks.ts";
import { collectSoon } from "./collect.ts";
import { checkRegimeFilter } from "./regime-setup.ts";
import { backtestAnalytics } from "./analytics-setup.ts";
import type { BacktestOutcome, BacktestRequest, ShardOutcome } from "./backtest-request.ts";
import { reportParams, riskSummary } from "./describe-run.ts";
import { loadAndRun } from "./load-and-run.ts";
import { refusalsHint } from "../setup/sizing-limit-hint.ts";
import { mergedKeepingRefusals, refusalCountsByRule } from "../../backtest/refusals-of.ts";

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
  const collectHint = ran.collectAfterRun !== false ? collectSoon : () => {};
  collectHint(ran.outcome.equity.time.length);
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
  if (analytics) outcome = mergedKeepingRefusals(outcome, { analytics });
  collectHint(outcome.equity.time.length);
  if (request.analytics?.benchmark !== undefined) params["benchmark"] = request.analytics.benchmark;
  if (request.analytics?.riskFreeRate) params["riskFreeRate"] = request.analytics.riskFreeRate;

  // The notes the text output ends with, for the report and the saved run (backtest report ID).
  const hint = refusalsHint(setup.sizing, setup.risk?.limits, () => refusalCountsByRule(outcome));
  const notes = hint !== undefined ? [hint] : [];
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
      notes,
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
      runId = saveBacktestRun(db, { kind: "backtest", params: saved, stats: { ...statsToJson(outcome.stats), ...savedWalkForward(request, outcome), ...(notes.length > 0 ? { notes } : {}) }, trades: outcome.trades, equity: downsampleEquity(outcome.equity) });
    } catch (error) {
      // The results are still printed; a store that cannot be written is reported, not fatal.
      log.warn(`backtest not saved to the store: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
  return mergedKeepingRefusals(outcome, { ...(runId !== undefined ? { runId } : {}), ...(reportPath !== undefined ? { reportPath } : {}) });
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
