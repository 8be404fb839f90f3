import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { readBarsCsvFile } from "../../adapters/csv/bars-csv-file.ts";
import type { BarColumnsResult } from "../../adapters/csv/bars-csv-scan.ts";
import { parseBarsCsvBytes } from "../../adapters/csv/bars-csv-read.ts";
import { formatBarTime, type CsvProblem } from "../../adapters/csv/index.ts";
import { saveBars, type BarConflict } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { isDateBarSize, type BarArrays, type BarSize } from "../../core/bar.ts";
import { readBarsParquet } from "../../adapters/parquet/bars-parquet-read.ts";
import { isParquetFile } from "./load-series.ts";
import { clipMessage, UserError } from "../../core/errors.ts";
import { guardEmbeddedSeries } from "./embedded-guard.ts";

export interface ImportSummary {
  readonly file: string;
  readonly symbol: string;
  readonly barSize: BarSize;
  readonly bars: number;
  readonly first: number;
  readonly last: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  /** The file was newest first; its bars were stored oldest first. */
  readonly newestFirst: boolean;
  /** Lines of rows without data (all `null` or empty) that were left out. */
  readonly skipped: readonly number[];
}

/** Problems listed in one error; the count of the rest is given. */
export const MAX_LISTED_PROBLEMS = 200;

function problemReport(file: string, problems: readonly { line: number; message: string }[], what: string): string {
  if (problems.length === 1) return `Cannot import ${file} line ${problems[0]!.line}: ${clipMessage(problems[0]!.message)}\nNothing was imported.`;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  line ${p.line}: ${clipMessage(p.message)}`);
  const more = problems.length > MAX_LISTED_PROBLEMS ? [`  ... and ${problems.length - MAX_LISTED_PROBLEMS} more`] : [];
  return [`Cannot import ${file}: ${problems.length} ${what}. Nothing was imported.`, ...listed, ...more].join("\n");
}

function conflictProblems(conflicts: readonly BarConflict[], lineOf: Map<number, number>, daily: boolean): CsvProblem[] {
  const fields = ["open", "high", "low", "close", "volume"] as const;
  return conflicts.map(({ stored, incoming }) => {
    const diffs = fields.filter((f) => stored[f] !== incoming[f]).map((f) => `${f} stored=${stored[f]} file=${incoming[f]}`);
    return { line: lineOf.get(incoming.time) ?? 0, message: `${formatBarTime(incoming.time, daily)} differs from the stored bar: ${diffs.join(", ")}` };
  });
}

/** A CSV file read and validated, ready to store. */
export interface ReadBars {
  readonly file: string;
  /** Oldest first, as columns (no object per bar). */
  readonly bars: BarArrays;
  /** The line (Parquet: row) each bar came from. */
  readonly lines: ArrayLike<number>;
  readonly newestFirst: boolean;
  readonly skipped: readonly number[];
}

/**
 * Reads and validates a CSV file of bars; every problem is reported together (UserError,
 * exit 2). Touches no database, so a bad file is refused before one is opened or created.
 */
export async function readBarsFile(file: string, options: { readonly barSize: BarSize; readonly timeZone?: string }): Promise<ReadBars> {
  const handle = Bun.file(file);
  const kind = fileKind(file);
  if (kind === "missing") throw new UserError(`Cannot import ${file}: no such file`);
  // Bun.file().exists() is false for devices: say what /dev/zero is instead of "no such file".
  if (kind !== "file" && kind !== "pipe") throw new UserError(`Cannot import ${file}: it is ${kind}, not a CSV file`);
  if (kind === "file" && isParquetFile(file)) return readParquetBars(file, options);
  const csvOptions = { barSize: options.barSize, timeZone: options.timeZone ?? "UTC" };
  let parsed: BarColumnsResult;
  try {
    // ASCII (most files) is its own UTF-8 and has no byte-order mark: read in chunks straight
    // into columns (memory: the columns, not the file). Anything else is decoded whole first.
    if (kind === "file" && isAsciiFile(file)) parsed = readBarsCsvFile(file, csvOptions);
    else {
      const bytes = await handle.bytes();
      parsed = parseBarsCsvBytes(isAscii(bytes) ? bytes : new TextEncoder().encode(decodeCsv(file, bytes)), csvOptions);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot import ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!parsed.ok) throw new UserError(problemReport(file, parsed.problems, "problems") + intradayHint(options.barSize, parsed.problems));
  return { file, bars: parsed.bars, lines: parsed.lines, newestFirst: parsed.newestFirst, skipped: parsed.skipped };
}

/**
 * Saves read bars into one series in one transaction. Bars already stored with the same
 * values are left alone; bars stored with different values refuse the whole file (UserError,
 * nothing written) unless `replace` is set.
 */
export function storeBars(db: Db, read: ReadBars, target: { readonly symbol: string; readonly barSize: BarSize; readonly replace?: boolean }): ImportSummary {
  const { symbol, barSize } = target;
  const { file, bars } = read;
  guardEmbeddedSeries(db, symbol, barSize, Boolean(target.replace), "data import");
  const saved = saveBars(db, { symbol, barSize }, bars, target.replace ? "replace" : "refuse");
  if (saved.conflicts.length > 0) {
    const lineOf = new Map(Array.from(bars.time, (t, i) => [t, read.lines[i]!] as const));
    const problems = conflictProblems(saved.conflicts, lineOf, isDateBarSize(barSize));
    throw new UserError(
      `${problemReport(file, problems, `bars differ from the stored ${symbol} ${barSize} bars`)}\n` +
        `Re-run with --replace to overwrite the stored bars with the file's.`,
    );
  }
  return {
    file, symbol, barSize, bars: bars.time.length, first: bars.time[0]!, last: bars.time.at(-1)!,
    inserted: saved.inserted, unchanged: saved.unchanged, replaced: saved.replaced,
    newestFirst: read.newestFirst, skipped: read.skipped,
  };
}

/** A Parquet file of bars (one symbol), checked like a CSV file; problems name rows. */
async function readParquetBars(file: string, options: { readonly barSize: BarSize; readonly timeZone?: string }): Promise<ReadBars> {
  let parsed: Awaited<ReturnType<typeof readBarsParquet>>;
  try {
    parsed = await readBarsParquet(file, options);
  } catch (error) {
    throw new UserError(`Cannot import ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!parsed.ok) {
    const listed = parsed.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => (p.line === 0 ? `  ${p.message}` : `  row ${p.line}: ${p.message}`));
    const more = parsed.problems.length > MAX_LISTED_PROBLEMS ? [`  ... and ${parsed.problems.length - MAX_LISTED_PROBLEMS} more`] : [];
    throw new UserError([`Cannot import ${file}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}. Nothing was imported.`, ...listed, ...more].join("\n") + intradayHint(options.barSize, parsed.problems));
  }
  return { file, bars: parsed.bars, lines: parsed.lines, newestFirst: parsed.newestFirst, skipped: [] };
}

/** Daily bars are keyed by date: an intraday file read as 1d (the default) collides on its dates. */
function intradayHint(barSize: BarSize, problems: readonly { message: string }[]): string {
  if (barSize !== "1d" || !problems.some((p) => p.message.startsWith("duplicate time"))) return "";
  return "\nSeveral bars share a date: this looks like intraday data, read as daily bars (the default). Pass its size, e.g. --bar-size 5m.";
}

/** Every byte of the file is ASCII (read in 1 MB chunks). */
function isAsciiFile(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const buf = new Uint8Array(1 << 20);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) if (!isAscii(buf.subarray(0, n))) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

function fileKind(file: string): "missing" | "file" | "pipe" | "a directory" | "a device" {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return "missing";
  }
  if (stat.isFile()) return "file";
  if (stat.isFIFO()) return "pipe"; // a shell's <(...)
  return stat.isDirectory() ? "a directory" : "a device";
}

/**
 * UTF-8 (or UTF-16 with its byte-order mark). Bytes that are not UTF-8 anywhere in the file
 * refuse it, naming the first line that has them: a lossy decode would import Windows-1252
 * text with replacement characters in it.
 */
function decodeCsv(file: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const at = lossy.indexOf("\uFFFD");
    const line = lossy.slice(0, Math.max(0, at)).split("\n").length;
    throw new UserError(`Cannot import ${file} line ${line}: the file has bytes that are not UTF-8; save it as UTF-8 (or plain ASCII) and import again`);
  }
}
