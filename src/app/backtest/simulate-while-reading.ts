import { existsSync } from "node:fs";
import { normalJit } from "../start-up-jit.ts";
import { UserError } from "../../core/errors.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import { buildTradingSetup } from "../setup/trading-setup.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { Logger } from "../../log/logger.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { simulateStreamed, streamableSetup } from "./streamed-run.ts";
import { checkWarmUp } from "./checks.ts";
import { DEFAULT_REGIME_INDEX, marketRegimeSource } from "./regime-setup.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import type { BacktestRequest } from "./backtest-request.ts";
import { symbolFromFile } from "./backtest-bars.ts";
import { runParams } from "./describe-run.ts";
import { keptAfterRun, type Simulating } from "./run-result.ts";

/**
 * A plain run of one CSV file (no --from/--to, walk-forward, regime filter, report, ml or
 * volatility sizing) simulated while a worker reads the file: the same outcome and errors as
 * the ordinary way (load-and-run.ts; streamed-run.ts); undefined when that way runs it.
 */
export async function simulateWhileReading(config: AppConfig, request: BacktestRequest, log: Logger, db: Db | undefined, strategy: ConfiguredStrategy): Promise<Simulating | undefined> {
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
  // Shared columns stay resident after they are collected: the ones no later phase reads are given
  // back now, on the worker's thread (idle since the file was read) while this one scores the run.
  if (kept.length === 0) stream.release([run.series.open, run.series.high, run.series.low, run.series.volume]);
  const { barsPerYear } = run;
  const bars = run.series.time.length;
  log.debug(`backtest ${strategy.name} on ${symbol}: ${bars} bars, ${bars} time steps, ${barsPerYear} bars/year (simulated while read)`);
  const scoring = { initialCash: request.initialCash, barsPerYear, benchmarkFrom: undefined, riskFreeRate: request.analytics?.riskFreeRate, collectColumns: false };
  return { head: { symbols, params: runParams(request, strategy, symbols, setup), setup }, simulated: run.simulated, scoring, series: kept, strategyName: strategy.name, barsPerYear };
}
