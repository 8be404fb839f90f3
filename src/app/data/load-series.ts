import { existsSync, closeSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { readBarsCsvFile } from "../../adapters/csv/bars-csv-file.ts";
import type { BarColumnsResult } from "../../adapters/csv/bars-csv-scan.ts";
import type { CsvStream } from "../../adapters/csv/csv-stream.ts";
import type { CsvProblem } from "../../adapters/csv/index.ts";
import type { BarArrays, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import { databasePath, openDatabaseLazily } from "./store.ts";
import { loadBarColumns } from "./load-bars.ts";

export interface BarSource {
  readonly symbol?: string | undefined;
  readonly data?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
  /** A catalogue directory of Parquet files (catalogPath) to take --symbol's bars from. */
  readonly catalog?: string | undefined;
}

/**
 * Bars as columns from --data FILE (CSV or Parquet, the importer's checks, every bad row
 * reported), from --symbol in a --catalog directory of Parquet files, or from --symbol in the
 * store (read-only; the embedded SPX daily series when the store has none or does not exist).
 */
// `return await`, not `return readDataFile(...)`: an async function that returns a promise adopts
// it through a job that keeps the resolved columns reachable until the event loop next turns, i.e.
// through the whole (synchronous) run, so the columns a run stops reading were not freed after it
// (32 MB of mapped Parquet per 1M bars still resident during the statistics).
export async function loadBarSeries(config: Pick<AppConfig, "dataDir">, source: BarSource): Promise<BarArrays> {
  if (source.data !== undefined && source.symbol === undefined && isParquetFile(source.data)) return await readDataFile(source.data, source.barSize, source.timeZone);
  if (source.catalog !== undefined && source.symbol !== undefined && source.data === undefined) {
    const file = catalogPath(source.catalog, source.symbol, source.barSize);
    if (!existsSync(file)) {
      throw new UserError(
        `No ${source.barSize} bars for ${source.symbol} in the catalogue ${source.catalog}: expected ${file} ` +
          `(write it with robotrader data export --symbol ${source.symbol} --bar-size ${source.barSize} --catalog ${source.catalog})`,
      );
    }
    return await readDataFile(file, source.barSize, source.timeZone);
  }
  return loadSeriesColumns(config, source);
}

/** loadBarSeries for CSV files, the store and the embedded series (synchronous; no Parquet). */
export function loadSeriesColumns(config: Pick<AppConfig, "dataDir">, source: BarSource): BarArrays {
  if (source.data !== undefined) {
    if (source.symbol !== undefined) throw new UserError("Give either --symbol or --data, not both");
    const parsed = readCsvFile(source.data, source.barSize, source.timeZone);
    if (!parsed.ok) throw new UserError(dataFileProblems(source.data, source.barSize, parsed.problems));
    return parsed.bars;
  }
  if (source.symbol === undefined) throw new UserError("Give --symbol SYMBOL (SPX is embedded) or --data FILE.csv");
  const file = databasePath(config);
  if (!existsSync(file)) return loadBarColumns({ symbol: source.symbol, barSize: source.barSize }).columns;
  const db = openDatabaseLazily(file, { readonly: true });
  try {
    return loadBarColumns({ db, symbol: source.symbol, barSize: source.barSize }).columns;
  } finally {
    db.close();
  }
}

function readCsvFile(file: string, barSize: BarSize, timeZone: string | undefined): BarColumnsResult {
  try {
    return readBarsCsvFile(file, { barSize, ...(timeZone ? { timeZone } : {}) });
  } catch (error) {
    throw new UserError(`Cannot read --data ${file}: ${(error as Error).message}`);
  }
}

/**
 * A CSV file's bars read on a worker (csv-stream.ts): the same columns as loadBarSeries, and
 * the same UserError when the file cannot be read or has problems. `whole`: the columns are the
 * shared ones in file order, each bar settled as it came (a run that followed them read them all).
 */
export async function streamedBars(stream: CsvStream): Promise<{ readonly bars: BarArrays; readonly whole: boolean }> {
  const r = await stream.result();
  if ("error" in r) throw new UserError(`Cannot read --data ${stream.file}: ${r.error}`);
  if (!r.ok) throw new UserError(dataFileProblems(stream.file, stream.options.barSize, r.problems));
  return { bars: r.bars, whole: r.inPlace && !r.newestFirst };
}

/** Where a catalogue keeps one series: DIR/<bar size>/<SYMBOL>.parquet. */
export function catalogPath(dir: string, symbol: string, barSize: BarSize): string {
  return path.join(dir, barSize, `${symbol}.parquet`);
}

/** A Parquet file: named .parquet / .pq, or starting with Parquet's magic bytes. */
export function isParquetFile(file: string): boolean {
  if (/\.(parquet|pq)$/i.test(file)) return true;
  try {
    const fd = openSync(file, "r");
    try {
      const head = new Uint8Array(4);
      return readSync(fd, head, 0, 4, 0) === 4 && new TextDecoder().decode(head) === "PAR1";
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A CSV or Parquet file of bars, checked; UserError listing its problems. */
export async function readBarFile(file: string, barSize: BarSize, timeZone: string | undefined): Promise<BarColumnsResult & { readonly parquet: boolean }> {
  const parquet = isParquetFile(file);
  const options = { barSize, ...(timeZone ? { timeZone } : {}) };
  if (!parquet) return { ...readCsvFile(file, barSize, timeZone), parquet };
  try {
    return Object.assign(await (await import("../../adapters/parquet/bars-parquet-read.ts")).readBarsParquet(file, options), { parquet }); // not a spread: it would read the lazy row numbers
  } catch (error) {
    throw new UserError(`Cannot read --data ${file}: ${(error as Error).message}`);
  }
}

async function readDataFile(file: string, barSize: BarSize, timeZone: string | undefined): Promise<BarArrays> {
  const parsed = await readBarFile(file, barSize, timeZone);
  if (!parsed.ok) throw new UserError(dataFileProblems(file, barSize, parsed.problems, parsed.parquet ? "row" : "line"));
  return parsed.bars;
}

/** The first ten problems of a --data file, with a hint when daily bars collide on a date. */
export function dataFileProblems(file: string, barSize: BarSize, problems: readonly CsvProblem[], unit: "line" | "row" = "line"): string {
  const where = (line: number) => (line === 0 ? file : unit === "line" ? `${file}:${line}` : `${file} row ${line}`);
  const shown = problems.slice(0, 10).map((p) => `  ${where(p.line)}: ${p.message}`);
  const more = problems.length > 10 ? `\n  ... and ${problems.length - 10} more` : "";
  // Daily bars are keyed by date: intraday rows read as 1d collide on their date.
  const hint =
    barSize === "1d" && problems.some((p) => p.message.startsWith("duplicate time"))
      ? "\n  (several bars share a date: for intraday bars give their size, e.g. --bar-size 5m)"
      : "";
  return `Cannot read bars from ${file}:\n${shown.join("\n")}${more}${hint}`;
}
