import { barProblem, type Bar, type BarSize } from "../../core/bar.ts";
import { barColumns, type ColumnMap } from "./bar-columns.ts";
import { csvRecords, type CsvRecord } from "./csv-records.ts";
import { formatBarTime } from "./format-time.ts";
import { parseBarTime, type TimeOptions } from "./parse-time.ts";

/** One thing wrong with the file, at a 1-based line. */
export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

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

export interface BarsCsvOptions {
  readonly barSize: BarSize;
  /** Zone for date-times written without one; default UTC. */
  readonly timeZone?: string;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;
const NOT_UTF8 = " (the file has bytes that are not UTF-8: save it as UTF-8 or plain ASCII)";

/**
 * CSV text -> bars, validating every row: a parsable time, numeric fields, OHLC rules
 * (core/bar.ts barProblem), unique times in one order, the header's field count.
 * A file whose rows are mostly older than the row above them is read as newest first (and
 * must be so throughout). Rows with no values at all (Yahoo's `null` days) are skipped and reported.
 * Returns every problem found, not only the first; bars only when there are none.
 */
export function parseBarsCsv(text: string, options: BarsCsvOptions): BarsCsvResult {
  const problems: CsvProblem[] = [];
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) return { ok: false, problems: [{ line: 1, message: "the file is empty; expected a header line and bars" }] };
  if (!("fields" in first.value)) return { ok: false, problems: [first.value] };
  const header = first.value;
  const head = barColumns(header.fields);
  if (!head.ok) return { ok: false, problems: [{ line: header.line, message: head.message }] };

  const timeOptions: TimeOptions = { daily: options.barSize === "1d", timeZone: options.timeZone ?? "UTC" };
  const bars: Bar[] = [];
  const lines: number[] = [];
  const skipped: number[] = [];
  for (const record of records) {
    if (!("fields" in record)) {
      problems.push(record);
      break;
    }
    if (isEmptyRow(record, header.fields, head.columns)) {
      skipped.push(record.line);
      continue;
    }
    const bar = readRow(record, header.fields, head.columns, timeOptions, problems);
    if (bar) bars.push(bar), lines.push(record.line);
  }
  if (bars.length === 0 && problems.length === 0) {
    const note = skipped.length > 0 ? ` (${skipped.length} row${skipped.length === 1 ? "" : "s"} without data skipped)` : "";
    problems.push({ line: header.line, message: `no bars after the header${note}` });
  }
  const newestFirst = isNewestFirst(bars);
  problems.push(...orderProblems(bars, lines, newestFirst, timeOptions.daily));
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  if (newestFirst) bars.reverse(), lines.reverse();
  return { ok: true, bars, lines, newestFirst, skipped };
}

/**
 * More rows older than the row above them than newer: a newest-first file, so one stray row
 * does not flip the order and bury its own error under one per row. A tie goes by the ends.
 */
function isNewestFirst(bars: readonly Bar[]): boolean {
  let down = 0;
  let up = 0;
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.time < bars[i - 1]!.time) down++;
    else if (bars[i]!.time > bars[i - 1]!.time) up++;
  }
  return down > up || (down === up && bars.length >= 2 && bars.at(-1)!.time < bars[0]!.time);
}

/** Each row must be later (or, newest first, earlier) than the last good one; no time twice. */
function orderProblems(bars: readonly Bar[], lines: readonly number[], newestFirst: boolean, daily: boolean): CsvProblem[] {
  const problems: CsvProblem[] = [];
  let prev = -1;
  for (let i = 0; i < bars.length; i++) {
    const time = bars[i]!.time;
    const line = lines[i]!;
    if (prev >= 0) {
      const prevTime = bars[prev]!.time;
      const t = formatBarTime(time, daily);
      const before = `line ${lines[prev]}'s ${formatBarTime(prevTime, daily)}`;
      if (time === prevTime) {
        problems.push({ line, message: `duplicate time ${t} (also on line ${lines[prev]})` });
        continue;
      }
      if (!newestFirst && time < prevTime) {
        problems.push({ line, message: `time ${t} is before ${before}; rows must be in one time order, each time once` });
        continue;
      }
      if (newestFirst && time > prevTime) {
        problems.push({
          line,
          message: `time ${t} is after ${before}, but the file is newest first (most rows are older than the row above them); rows must be in one time order, each time once`,
        });
        continue;
      }
    }
    prev = i;
  }
  return problems;
}

const NO_VALUE = new Set(["", "null"]);

/** A row whose price and volume cells are all empty or `null`: a day the source has no data for. */
function isEmptyRow(record: CsvRecord, header: readonly string[], columns: ColumnMap): boolean {
  if (record.fields.length !== header.length) return false;
  return PRICE_FIELDS.every((name) => NO_VALUE.has(record.fields[columns[name]!]!.trim().toLowerCase()));
}

function readRow(row: CsvRecord, header: readonly string[], columns: ColumnMap, timeOptions: TimeOptions, problems: CsvProblem[]): Bar | undefined {
  const f = row.fields;
  if (f.length !== header.length) {
    problems.push({ line: row.line, message: `expected ${header.length} fields like the header, got ${f.length}` });
    return undefined;
  }
  const before = problems.length;
  const timeCell = columns.date === undefined ? f[columns.time!]! : `${f[columns.date]!.trim()} ${f[columns.time!]!.trim()}`;
  const parsed = parseBarTime(timeCell, timeOptions);
  if (!parsed.ok) problems.push({ line: row.line, message: `'${header[columns.date ?? columns.time!]!.trim()}' ${parsed.message}${timeHint(timeCell)}` });
  const values: Record<string, number> = {};
  for (const name of PRICE_FIELDS) {
    const cell = f[columns[name]!]!;
    if (NUMBER.test(cell)) values[name] = Number(cell);
    else problems.push({ line: row.line, message: `'${name}' must be a number, got '${cell}'${numberHint(cell)}` });
  }
  if (problems.length > before || !parsed.ok) return undefined;
  const bar: Bar = { time: parsed.time, open: values.open!, high: values.high!, low: values.low!, close: values.close!, volume: values.volume! };
  const problem = barProblem(bar);
  if (problem) {
    problems.push({ line: row.line, message: problem });
    return undefined;
  }
  return bar;
}

const THOUSANDS = /^\s*\d{1,3}(,\d{3})+(\.\d+)?\s*$/;
const DAY_MONTH = /^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/;
const utf8Hint = (cell: string) => (cell.includes("\uFFFD") ? NOT_UTF8 : "");
const numberHint = (cell: string) =>
  THOUSANDS.test(cell) ? ` (without thousands separators: ${cell.trim().replaceAll(",", "")})` : utf8Hint(cell);
const timeHint = (cell: string) =>
  DAY_MONTH.test(cell) ? " (is it day/month or month/day? write dates as YYYY-MM-DD)" : utf8Hint(cell);
