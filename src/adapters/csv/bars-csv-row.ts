import { barProblem, type Bar } from "../../core/bar.ts";
import type { ColumnMap } from "./bar-columns.ts";
import type { CsvRecord } from "./csv-records.ts";
import { parseBarTime, type TimeOptions } from "./parse-time.ts";

/** One thing wrong with the file, at a 1-based line. */
export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;
const NOT_UTF8 = " (the file has bytes that are not UTF-8: save it as UTF-8 or plain ASCII)";
const NO_VALUE = new Set(["", "null"]);

/** A row whose price and volume cells are all empty or `null`: a day the source has no data for. */
export function isEmptyRow(record: CsvRecord, header: readonly string[], columns: ColumnMap): boolean {
  if (record.fields.length !== header.length) return false;
  return PRICE_FIELDS.every((name) => NO_VALUE.has(record.fields[columns[name]!]!.trim().toLowerCase()));
}

/** One row as strings -> a sound bar, or undefined with its problems pushed. */
export function readRow(row: CsvRecord, header: readonly string[], columns: ColumnMap, timeOptions: TimeOptions, problems: CsvProblem[]): Bar | undefined {
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
