import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type DecodedArray } from "hyparquet";
import { barProblem, type BarArrays, type BarSize } from "../../core/bar.ts";
import { barColumns } from "../csv/bar-columns.ts";
import type { BarColumnsResult } from "../csv/bars-csv-scan.ts";
import { isNewestFirst, orderProblems } from "../csv/bars-csv-order.ts";
import type { CsvProblem } from "../csv/bars-csv-row.ts";
import { parseBarTime } from "../csv/parse-time.ts";
import { dateInZone } from "../csv/zoned-time.ts";
import { DECOMPRESSORS } from "./decompressors.ts";
import { plainDoubleColumn, type MapRange } from "./plain-double-column.ts";

const DAY_MS = 86_400_000;
const FOOTER_GUESS = 16 * 1024;
const FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;

/** A local file as hyparquet's AsyncBuffer: each slice one positioned read. */
function fileBuffer(fd: number): AsyncBuffer {
  const size = fstatSync(fd).size;
  return {
    byteLength: size,
    slice(start: number, end = size) {
      const out = new Uint8Array(end - start);
      let done = 0;
      while (done < out.length) {
        const n = readSync(fd, out, done, out.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return out.buffer;
    },
  };
}

/**
 * The file's bytes mapped (private, read-only in effect: a write copies the page), or undefined
 * where mapping fails (an empty file, a platform without mmap). Mapped pages come from the page
 * cache: no read, no fresh memory. robotrader replaces files by rename, never in place.
 */
function mapFile(file: string): Uint8Array | undefined {
  try {
    return Bun.mmap(file, { shared: false });
  } catch {
    return undefined;
  }
}

/** A mapping's file offset must be a multiple of the page size: 64 KiB is one of every platform's (16 KiB pages on Apple silicon). */
const PAGE = 1 << 16;

/**
 * Below this a column stays a view of the file's one mapping: a mapping of its own per small
 * column (500 symbols x 6 columns of 5,000 bars) mapped every page twice (RSS 230 -> 290 MB)
 * and cost a syscall each, to free a few KB.
 */
const OWN_MAPPING_MIN = 1 << 20;

/** Bytes [at, at + bytes) of the file in a mapping of their own (from the PAGE boundary below `at`; the bytes before it are never touched); undefined for a small column. */
function rangeMapper(file: string): MapRange {
  return (at, bytes) => {
    if (bytes < OWN_MAPPING_MIN) return undefined;
    const start = at - (at % PAGE);
    try {
      const mapped = Bun.mmap(file, { shared: false, offset: start, size: at + bytes - start });
      return mapped.length === at + bytes - start ? mapped.subarray(at - start) : undefined;
    } catch {
      return undefined;
    }
  };
}

// Times to epoch ms as plain numbers (hyparquet's defaults make a Date per row).
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v / 1_000_000n),
  dateFromDays: (days: number) => days * DAY_MS,
};

/**
 * A Parquet file of bars -> columns, with the CSV importer's checks: the columns found by the
 * same names (time/date, open, high, low, close, volume; others ignored), every value sound
 * (core/bar.ts barProblem), one time order, each time once; problems name the 1-based row.
 * Times may be TIMESTAMP (any unit), DATE, integer epoch ms, or text in the CSV forms.
 */
export async function readBarsParquet(file: string, options: { readonly barSize: BarSize; readonly timeZone?: string }): Promise<BarColumnsResult> {
  const fd = openSync(file, "r");
  try {
    const buffer = fileBuffer(fd);
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      // The footer is a few KB: hyparquet's first guess (the last 512 KB) would read a small file whole.
      metadata = await parquetMetadataAsync(buffer, { initialFetchSize: FOOTER_GUESS });
    } catch (error) {
      return { ok: false, problems: [{ line: 0, message: `not a readable Parquet file (${(error as Error).message})` }] };
    }
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    const head = barColumns(names);
    if (!head.ok) return { ok: false, problems: [{ line: 0, message: head.message.replace("the header must name", "the file must have columns") }] };
    if (head.columns.date !== undefined) return { ok: false, problems: [{ line: 0, message: "separate date and time columns: give one time column (TIMESTAMP, DATE or text)" }] };
    const n = Number(metadata.num_rows);
    // Allocated on first touch only: an adopted column never needs its own array.
    const cols = lazyColumns(n);
    const byName = new Map(FIELDS.map((f) => [names[head.columns[f]!]!, f]));
    const problems: CsvProblem[] = [];
    const daily = options.barSize === "1d";
    const timeOptions = { daily, timeZone: options.timeZone ?? "UTC" };
    const mapped = mapFile(file);
    // Each column in place from a mapping of its own: the ones a run stops reading are unmapped.
    const ownMapping = rangeMapper(file);
    // One column at a time: only one column's compressed and decoded pages exist at once.
    for (const [name, field] of byName) {
      // Plain doubles (robotrader's layout) are used from the file's bytes as they are.
      const plain = mapped && plainDoubleColumn(mapped, metadata, name, ownMapping);
      if (plain) {
        cols[field] = plain;
        continue;
      }
      await parquetRead({
        file: buffer,
        metadata,
        columns: [name],
        parsers: PARSERS,
        compressors: DECOMPRESSORS,
        onChunk: ({ columnName, columnData, rowStart }) => {
          const field = byName.get(columnName)!;
          // A whole column in one Float64Array (one row group, as barsParquetBytes writes): adopt it.
          if (rowStart === 0 && columnData.length === n && columnData instanceof Float64Array) cols[field] = columnData;
          else copyColumn(field, columnData, cols[field], rowStart, timeOptions, problems);
        },
      });
    }
    const ascending = checkRows(cols, daily, problems);
    const good = problems.length === 0;
    // Times rising row after row (every file robotrader writes) have no order problem to find.
    const newestFirst = good && !ascending && isNewestFirst(cols.time);
    if (good && !ascending) problems.push(...orderProblems(cols.time, (i) => i + 1, newestFirst, daily, "row"));
    if (n === 0) problems.push({ line: 0, message: "no rows: the file has no bars" });
    if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
    if (newestFirst) for (const f of FIELDS) cols[f].reverse();
    const bars: BarArrays = { time: cols.time, open: cols.open, high: cols.high, low: cols.low, close: cols.close, volume: cols.volume };
    // Row numbers only when asked for (the import asks, a backtest does not): 4 MB of fresh memory per 1M bars.
    let lines: Uint32Array | undefined;
    return {
      ok: true, bars, newestFirst, skipped: [],
      get lines() {
        return (lines ??= rowNumbers(n, newestFirst));
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Each bar's 1-based row in the file. */
function rowNumbers(n: number, newestFirst: boolean): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = newestFirst ? n - i : i + 1;
  return rows;
}

type Columns = Record<(typeof FIELDS)[number], Float64Array>;

function lazyColumns(n: number): Columns {
  const made: Partial<Columns> = {};
  const out = {} as Columns;
  for (const f of FIELDS) {
    Object.defineProperty(out, f, {
      enumerable: true,
      get: () => (made[f] ??= new Float64Array(n)),
      set: (v: Float64Array) => void (made[f] = v),
    });
  }
  return out;
}

function copyColumn(field: string, data: DecodedArray, out: Float64Array, at: number, timeOptions: { daily: boolean; timeZone: string }, problems: CsvProblem[]): void {
  // Typed arrays (REQUIRED numeric columns) copy whole; only other arrays go value by value.
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint32Array) {
    out.set(data, at);
    return;
  }
  if (data instanceof BigInt64Array) {
    for (let i = 0; i < data.length; i++) out[at + i] = Number(data[i]!);
    return;
  }
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    const row = at + i + 1;
    if (typeof v === "number") out[at + i] = v;
    else if (typeof v === "bigint") out[at + i] = Number(v);
    else if (field === "time" && typeof v === "string") {
      const t = parseBarTime(v, timeOptions);
      if (t.ok) out[at + i] = t.time;
      else problems.push({ line: row, message: `'${field}' ${t.message}` });
    } else {
      out[at + i] = NaN;
      problems.push({ line: row, message: `'${field}' must be a number, got ${v === null || v === undefined ? "nothing (null)" : `'${String(v)}'`}` });
    }
  }
}

/**
 * OHLC rules per row; daily bars keyed by their New York date (as CSV epoch times are).
 * True when every time is later than the one before (so in order, each once).
 */
function checkRows(c: Columns, daily: boolean, problems: CsvProblem[]): boolean {
  const { time, open, high, low, close, volume } = c;
  let ascending = true;
  for (let i = 0; i < time.length; i++) {
    if (daily && time[i]! % DAY_MS !== 0) time[i] = dateInZone(time[i]!, "America/New_York") ?? NaN;
    if (i > 0 && !(time[i]! > time[i - 1]!)) ascending = false;
    const o = open[i]!, h = high[i]!, l = low[i]!, cl = close[i]!, v = volume[i]!;
    if (o > 0 && h > 0 && l > 0 && cl > 0 && v >= 0 && h >= l && o >= l && o <= h && cl >= l && cl <= h && Number.isFinite(time[i]!)) continue;
    if (Number.isNaN(o) || Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(cl) || Number.isNaN(v)) continue; // said by copyColumn
    if (!Number.isFinite(time[i]!)) {
      problems.push({ line: i + 1, message: "'time' must be a time" });
      continue;
    }
    const problem = barProblem({ time: time[i]!, open: o, high: h, low: l, close: cl, volume: v });
    if (problem) problems.push({ line: i + 1, message: problem });
  }
  return ascending;
}
