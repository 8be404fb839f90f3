import { barsFromArrays, type Bar } from "../../core/bar.ts";
import { estimateRows } from "./bar-columns-builder.ts";
import { BarsCsvScanner, type BarColumnsResult, type BarsCsvOptions } from "./bars-csv-scan.ts";
import type { CsvProblem } from "./bars-csv-row.ts";

export type { BarsCsvOptions } from "./bars-csv-scan.ts";
export type { CsvProblem } from "./bars-csv-row.ts";

export type BarsCsvResult =
  | {
      readonly ok: true;
      /** Oldest first, whatever the file's order. */
      readonly bars: Bar[];
      /** The line each bar came from. */
      readonly lines: number[];
      /** The file listed its rows newest first (as many brokers' and sites' exports do). */
      readonly newestFirst: boolean;
      /** Lines of rows without data (Yahoo writes `null` in every field): not bars, left out. */
      readonly skipped: number[];
    }
  | { readonly ok: false; readonly problems: CsvProblem[] };

/**
 * CSV text -> bars, validating every row: a parsable time, numeric fields, OHLC rules
 * (core/bar.ts barProblem), unique times in one order, the header's field count.
 * A file whose rows are mostly older than the row above them is read as newest first (and
 * must be so throughout). Rows with no values at all (Yahoo's `null` days) are skipped and reported.
 * Returns every problem found, not only the first; bars only when there are none.
 * Row objects for small inputs; large files go through readBarsCsvFile (columns).
 */
export function parseBarsCsv(text: string, options: BarsCsvOptions): BarsCsvResult {
  return barsFromColumns(parseBarsCsvBytes(new TextEncoder().encode(text), options));
}

/** The same from UTF-8 bytes, as columns (no text or row objects). */
export function parseBarsCsvBytes(bytes: Uint8Array, options: BarsCsvOptions): BarColumnsResult {
  const scanner = new BarsCsvScanner(options);
  scanner.expectRows(estimateRows(bytes, Math.min(bytes.length, 1 << 16), bytes.length));
  scanner.feed(bytes, bytes.length, true);
  return scanner.finish();
}

/** Columns -> the row-object result. */
export function barsFromColumns(r: BarColumnsResult): BarsCsvResult {
  if (!r.ok) return r;
  const lines: number[] = new Array(r.lines.length);
  for (let i = 0; i < lines.length; i++) lines[i] = r.lines[i]!;
  return { ok: true, bars: barsFromArrays(r.bars), lines, newestFirst: r.newestFirst, skipped: r.skipped };
}

