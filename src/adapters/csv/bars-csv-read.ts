import type { Bar } from "../../core/bar.ts";
import { BarsCsvScanner, type BarsCsvOptions } from "./bars-csv-scan.ts";
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
  const scanner = new BarsCsvScanner(options);
  const bytes = new TextEncoder().encode(text);
  scanner.feed(bytes, bytes.length, true);
  const r = scanner.finish();
  if (!r.ok) return r;
  const { time, open, high, low, close, volume } = r.bars;
  const bars: Bar[] = Array.from(time, (t, i) => ({ time: t, open: open[i]!, high: high[i]!, low: low[i]!, close: close[i]!, volume: volume[i]! }));
  return { ok: true, bars, lines: Array.from(r.lines), newestFirst: r.newestFirst, skipped: r.skipped };
}
