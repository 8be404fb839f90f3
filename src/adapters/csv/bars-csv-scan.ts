import { isDateBarSize, type BarArrays, type BarSize } from "../../core/bar.ts";
import { barColumns, type ColumnMap } from "./bar-columns.ts";
import { BarColumnsBuilder } from "./bar-columns-builder.ts";
import { isEmptyRow, readRow, type CsvProblem } from "./bars-csv-row.ts";
import { quotedRecord } from "./csv-records.ts";
import { fastRow, NEED_MORE, OPEN, HIGH, LOW, CLOSE, VOLUME, TIME } from "./fast-fields.ts";
import { PlainRows } from "./plain-rows.ts";
import { orderProblems, isNewestFirst } from "./bars-csv-order.ts";
import type { TimeOptions } from "./parse-time.ts";

export interface BarsCsvOptions {
  readonly barSize: BarSize;
  /** Zone for date-times written without one; default UTC. */
  readonly timeZone?: string;
}

export type BarColumnsResult =
  | {
      readonly ok: true;
      /** Oldest first, whatever the file's order. */
      readonly bars: BarArrays;
      /** The line each bar came from. */
      readonly lines: Uint32Array;
      /** The file listed its rows newest first (as many brokers' and sites' exports do). */
      readonly newestFirst: boolean;
      /** Lines of rows without data (Yahoo writes `null` in every field): not bars, left out. */
      readonly skipped: number[];
    }
  | { readonly ok: false; readonly problems: CsvProblem[] };


/**
 * CSV bytes -> bar columns in one pass, fed in chunks (`feed`) so a file is never held whole.
 * Ordinary rows are read straight from the bytes (fast-fields.ts); any row the fast path does not
 * take (quotes, spaces, other time forms, a bad value) is read as strings by the same code and
 * messages as always (bars-csv-row.ts), so results and problems do not depend on the path.
 */
const ROW = new Float64Array(6);

export class BarsCsvScanner {
  readonly #daily: boolean;
  readonly #timeOptions: TimeOptions;
  readonly #decoder = new TextDecoder();
  readonly #problems: CsvProblem[] = [];
  readonly #skipped: number[] = [];
  #builder: BarColumnsBuilder | undefined;
  /** The bulk path for plain rows, once the header is read. */
  #plain: PlainRows | undefined;
  #expected = 1024;
  #line = 1;
  #started = false;
  #stopped = false;
  #header: { line: number; fields: string[]; columns: ColumnMap; roles: Int8Array } | undefined;

  readonly #columns: ((n: number, sure: number) => Float64Array) | undefined;

  /** `columns`: makes the first columns (BarColumnsBuilder), e.g. shared ones another thread reads as they fill. */
  constructor(options: BarsCsvOptions, columns?: (n: number, sure: number) => Float64Array) {
    this.#columns = columns;
    this.#daily = isDateBarSize(options.barSize);
    this.#timeOptions = { daily: this.#daily, timeZone: options.timeZone ?? "UTC" };
  }

  /** A capacity hint for the columns (rows expected), before the first feed. */
  expectRows(rows: number): void {
    this.#expected = rows;
  }

  /**
   * Bars read so far that the result will hold as they are now, if the rest of the file is sound:
   * all of them while no row had a problem, every time rose and the first columns were not
   * replaced; -1 after (csv-stream-worker.ts publishes it to a run following the read).
   */
  get settled(): number {
    const b = this.#builder;
    if (b === undefined) return this.#problems.length === 0 && !this.#stopped ? 0 : -1;
    return this.#problems.length === 0 && b.rising && !b.grown && !this.#stopped ? b.length : -1;
  }

  /** Reads the complete records in b[0, end); returns where the unread rest starts (all of it at eof). */
  feed(b: Uint8Array, end: number, eof: boolean): number {
    let pos = 0;
    if (!this.#started) {
      this.#started = true;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) pos = 3;
    }
    while (pos < end && !this.#stopped) {
      const plain = this.#plain;
      if (plain !== undefined) {
        const builder = this.#builder!;
        const before = builder.length;
        builder.lines.mark(before, this.#line);
        pos = plain.scan(b, pos, end, builder);
        this.#line += builder.length - before;
        if (pos === end) break;
      }
      if (this.#header !== undefined && b[pos] !== 34) {
        const next = this.#fastRow(b, pos, end, eof);
        if (next === NEED_MORE) return pos;
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      const next = this.#slowRecord(b, pos, end, eof);
      if (next === NEED_MORE) return pos;
      pos = next;
    }
    return this.#stopped ? end : pos;
  }

  /** The whole input's result: columns when nothing was wrong, else every problem by line. */
  finish(): BarColumnsResult {
    const problems = this.#problems;
    const header = this.#header;
    if (!header) {
      return { ok: false, problems: problems.length > 0 ? problems : [{ line: 1, message: "the file is empty; expected a header line and bars" }] };
    }
    const builder = this.#builder ?? new BarColumnsBuilder(0);
    if (builder.length === 0 && problems.length === 0) {
      const n = this.#skipped.length;
      const note = n > 0 ? ` (${n} row${n === 1 ? "" : "s"} without data skipped)` : "";
      problems.push({ line: header.line, message: `no bars after the header${note}` });
    }
    const n = builder.length;
    const times = builder.time.subarray(0, n);
    const runs = builder.lines;
    // Times rising row after row (the common file) have no order problem to find.
    const newestFirst = !builder.rising && isNewestFirst(times);
    if (!builder.rising) problems.push(...orderProblems(times, (i) => runs.lineOf(i), newestFirst, this.#daily));
    if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
    const bars = builder.finish(newestFirst);
    // Line numbers only when asked for (the import asks, a backtest does not): 4 MB of fresh memory per 1M bars.
    let lines: Uint32Array | undefined;
    return {
      ok: true, bars, newestFirst, skipped: this.#skipped,
      get lines() {
        return (lines ??= runs.lines(n, newestFirst));
      },
    };
  }

  /** One unquoted row from bytes; its end (after the newline), SLOW to read it as strings, or NEED_MORE. */
  #fastRow(b: Uint8Array, pos: number, end: number, eof: boolean): number {
    const row = ROW;
    const next = fastRow(b, pos, end, eof, this.#header!.roles, this.#daily, this.#timeOptions.timeZone, row);
    if (next >= 0) this.#builder!.push(this.#line++, row[0]!, row[1]!, row[2]!, row[3]!, row[4]!, row[5]!);
    return next;
  }

  /** One record read as strings (header, quoted rows, rows with problems); its end or NEED_MORE. */
  #slowRecord(b: Uint8Array, pos: number, end: number, eof: boolean): number {
    let inQuotes = false;
    let newlines = 0;
    let i = pos;
    for (; i < end; i++) {
      const c = b[i];
      if (c === 34) inQuotes = !inQuotes;
      else if (c === 10) {
        if (!inQuotes) break;
        newlines++;
      }
    }
    if (i === end && !eof) return NEED_MORE;
    const line = this.#line;
    this.#line += newlines + 1;
    const raw = this.#decoder.decode(b.subarray(pos, i));
    let fields: string[];
    if (raw.includes('"')) {
      // The CR of a CRLF ends the record (outside quotes), as in the unquoted case below.
      const quoted = quotedRecord(raw.endsWith("\r") ? raw.slice(0, -1) : raw, 0, line);
      if ("error" in quoted) {
        this.#problems.push({ line, message: quoted.error });
        this.#stopped = true;
        return end;
      }
      fields = quoted.fields;
    } else {
      const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (body.trim() === "") return i + 1;
      fields = body.split(",");
    }
    this.#record(line, fields);
    return i + 1;
  }

  #record(line: number, fields: string[]): void {
    const header = this.#header;
    if (!header) {
      const head = barColumns(fields);
      if (!head.ok) {
        this.#problems.push({ line, message: head.message });
        this.#stopped = true;
        return;
      }
      this.#header = { line, fields, columns: head.columns, roles: columnRoles(fields.length, head.columns) };
      this.#builder = new BarColumnsBuilder(this.#expected, this.#columns);
      const plain = new PlainRows(this.#header.roles, this.#daily, this.#timeOptions.timeZone);
      if (plain.usable) this.#plain = plain;
      return;
    }
    const record = { line, fields };
    if (isEmptyRow(record, header.fields, header.columns)) {
      this.#skipped.push(line);
      return;
    }
    const bar = readRow(record, header.fields, header.columns, this.#timeOptions, this.#problems);
    if (bar) this.#builder!.push(line, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
  }
}

/** Each column's role; with separate date and time columns every row goes the string way. */
export function columnRoles(count: number, columns: ColumnMap): Int8Array {
  const out = new Int8Array(count);
  if (columns.date !== undefined) return out.fill(-1);
  out[columns.time!] = TIME;
  out[columns.open!] = OPEN;
  out[columns.high!] = HIGH;
  out[columns.low!] = LOW;
  out[columns.close!] = CLOSE;
  out[columns.volume!] = VOLUME;
  return out;
}
