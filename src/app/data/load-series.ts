import { existsSync } from "node:fs";
import { readBarsCsvFile } from "../../adapters/csv/bars-csv-file.ts";
import type { CsvProblem } from "../../adapters/csv/index.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import type { BarArrays, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import { databasePath } from "./store.ts";
import { loadBarColumns } from "./load-bars.ts";

export interface BarSource {
  readonly symbol?: string | undefined;
  readonly data?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
}

/**
 * Bars as columns from --data FILE (the CSV importer's checks, every bad row reported, read in
 * one streaming pass) or --symbol (the store, read-only, or the embedded SPX daily series when
 * the store has none or does not exist).
 */
export function loadSeriesColumns(config: Pick<AppConfig, "dataDir">, source: BarSource): BarArrays {
  if (source.data !== undefined) {
    if (source.symbol !== undefined) throw new UserError("Give either --symbol or --data, not both");
    return readDataFile(source.data, source.barSize, source.timeZone);
  }
  if (source.symbol === undefined) throw new UserError("Give --symbol SYMBOL (SPX is embedded) or --data FILE.csv");
  const file = databasePath(config);
  if (!existsSync(file)) return loadBarColumns({ symbol: source.symbol, barSize: source.barSize }).columns;
  const db = openDatabase(file, { readonly: true });
  try {
    return loadBarColumns({ db, symbol: source.symbol, barSize: source.barSize }).columns;
  } finally {
    db.close();
  }
}

function readDataFile(file: string, barSize: BarSize, timeZone: string | undefined): BarArrays {
  let parsed: ReturnType<typeof readBarsCsvFile>;
  try {
    parsed = readBarsCsvFile(file, { barSize, ...(timeZone ? { timeZone } : {}) });
  } catch (error) {
    throw new UserError(`Cannot read --data ${file}: ${(error as Error).message}`);
  }
  if (!parsed.ok) throw new UserError(dataFileProblems(file, barSize, parsed.problems));
  return parsed.bars;
}

/** The first ten problems of a --data file, with a hint when daily bars collide on a date. */
export function dataFileProblems(file: string, barSize: BarSize, problems: readonly CsvProblem[]): string {
  const shown = problems.slice(0, 10).map((p) => `  ${file}:${p.line}: ${p.message}`);
  const more = problems.length > 10 ? `\n  ... and ${problems.length - 10} more` : "";
  // Daily bars are keyed by date: intraday rows read as 1d collide on their date.
  const hint =
    barSize === "1d" && problems.some((p) => p.message.startsWith("duplicate time"))
      ? "\n  (several bars share a date: for intraday bars give their size, e.g. --bar-size 5m)"
      : "";
  return `Cannot read bars from ${file}:\n${shown.join("\n")}${more}${hint}`;
}
