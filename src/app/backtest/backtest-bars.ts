import path from "node:path";
import { existsSync, statSync } from "node:fs";
import { EMBEDDED_SYMBOL } from "../../adapters/embedded/sp500.ts";
import { JIT_FROM_BARS } from "../start-up-jit.ts";
import type { SymbolSeries } from "../../backtest/historical-feed.ts";
import type { BarArrays } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { loadBarColumns } from "../data/load-bars.ts";
import { loadBarSeries, streamedBars } from "../data/load-series.ts";
import { firstAtOrAfter } from "../../core/sorted-search.ts";
import type { BacktestRequest } from "./backtest-request.ts";

/**
 * Input that holds fewer than JIT_FROM_BARS bars for sure, read before the JIT is back to normal:
 * --data files of fewer bytes than that many rows take (a CSV row is 40+ bytes, a Parquet row
 * 48), or daily SPX (the embedded series: a few thousand bars). Anything else, or walk-forward.
 */
export function shortInput(request: BacktestRequest): boolean {
  if (request.walkForward) return false;
  if (request.dataFiles === undefined) return request.catalog === undefined && request.barSize === "1d" && request.symbols?.every((s) => s === EMBEDDED_SYMBOL) === true;
  let bytes = 0;
  for (const file of request.dataFiles) bytes += existsSync(file) ? statSync(file).size : 0;
  return bytes < JIT_FROM_BARS * 40;
}

/** What names the bars to load: --symbol or --data, --catalog, --bar-size, --tz, --from, --to. */
export type BarsRequest = Pick<BacktestRequest, "symbols" | "dataFiles" | "catalog" | "barSize" | "timeZone" | "from" | "to" | "csvStream">;

/** Bars per symbol up to --to (never later), from --from on or, with `warmUp`, from the first bar. */
export async function loadAll(config: AppConfig, request: BarsRequest, db: Db | undefined, warmUp: boolean): Promise<SymbolSeries[]> {
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
