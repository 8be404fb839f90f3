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
  | { readonly ok: true; readonly bars: Bar[]; /** The line each bar came from. */ readonly lines: number[] }
  | { readonly ok: false; readonly problems: CsvProblem[] };

export interface BarsCsvOptions {
  readonly barSize: BarSize;
  /** Zone for date-times written without one; default UTC. */
  readonly timeZone?: string;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;

/**
 * CSV text -> bars, validating every row: a parsable time, numeric fields, OHLC rules
 * (core/bar.ts barProblem), strictly increasing unique times, the header's field count.
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
  let prev: { time: number; line: number } | undefined;
  let rows = 0;
  let backwards = 0;
  let secondLine = 0;
  for (const row of records) {
    if (!("fields" in row)) {
      problems.push(row);
      break;
    }
    if (++rows === 2) secondLine = row.line;
    const bar = readRow(row, header.fields, head.columns, timeOptions, problems);
    if (!bar) continue;
    if (prev && bar.time <= prev.time) {
      const t = formatBarTime(bar.time, timeOptions.daily);
      if (bar.time === prev.time) problems.push({ line: row.line, message: `duplicate time ${t} (also on line ${prev.line})` });
      else {
        backwards++;
        problems.push({ line: row.line, message: `time ${t} is before line ${prev.line}'s ${formatBarTime(prev.time, timeOptions.daily)}; rows must be oldest first, each time once` });
      }
      continue;
    }
    prev = { time: bar.time, line: row.line };
    bars.push(bar);
    lines.push(row.line);
  }
  if (rows === 0 && problems.length === 0) problems.push({ line: header.line, message: "no bars after the header" });
  if (backwards > 0 && backwards === rows - 1) {
    // Newest-first files are common (some brokers' exports): one clear message, not one per line.
    return { ok: false, problems: [{ line: secondLine, message: "rows are newest first; sort them oldest first (strictly increasing time)" }] };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, bars, lines };
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
  if (!parsed.ok) problems.push({ line: row.line, message: `'${header[columns.date ?? columns.time!]!.trim()}' ${parsed.message}` });
  const values: Record<string, number> = {};
  for (const name of PRICE_FIELDS) {
    const cell = f[columns[name]!]!;
    if (NUMBER.test(cell)) values[name] = Number(cell);
    else problems.push({ line: row.line, message: `'${name}' must be a number, got '${cell}'` });
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
