import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { estimateRows } from "./bar-columns-builder.ts";
import { BarsCsvScanner, type BarColumnsResult, type BarsCsvOptions } from "./bars-csv-scan.ts";

const CHUNK = 1 << 20;
/** The first read when another thread follows (hooks.fed): as much as estimateRows reads. */
const FIRST_FOLLOWED = 64 << 10;
/** No line of bars is this long: past it the file is not CSV (/dev/zero, a binary file) and reading stops. */
export const MAX_RECORD_BYTES = 64 << 20;

/** How a reader on another thread follows the read (csv-stream-worker.ts). */
export interface ReadHooks {
  /** Makes the first columns (BarsCsvScanner's `columns`). */
  readonly columns?: (n: number, sure: number) => Float64Array;
  /** After each chunk: the scanner, for its `settled` bars. */
  readonly fed?: (scanner: BarsCsvScanner) => void;
}

/**
 * A CSV file of bars -> columns, read in 1 MB chunks: memory is the columns plus one chunk,
 * whatever the file's size. Same checks and messages as parseBarsCsv. Throws the fs error
 * when the file cannot be read.
 */
export function readBarsCsvFile(file: string, options: BarsCsvOptions, chunkSize = CHUNK, hooks: ReadHooks = {}): BarColumnsResult {
  const fd = openSync(file, "r");
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Error("it is a directory, not a CSV file");
    if (stat.isCharacterDevice() || stat.isBlockDevice()) throw new Error("it is a device, not a CSV file");
    const size = stat.size;
    const scanner = new BarsCsvScanner(options, hooks.columns);
    let buf = new Uint8Array(Math.max(16, Math.min(chunkSize, size + 1)));
    let filled = 0;
    let first = true;
    for (;;) {
      if (filled === buf.length) {
        if (buf.length >= MAX_RECORD_BYTES) throw new Error(`a line is longer than ${MAX_RECORD_BYTES >> 20} MiB: not a CSV file of bars`);
        // One record longer than the buffer (a long quoted field): make room.
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      // A reader following the read gets its first bars after a small first read, not a whole chunk.
      const want = first && hooks.fed !== undefined ? Math.min(buf.length - filled, FIRST_FOLLOWED) : buf.length - filled;
      const n = readSync(fd, buf, filled, want, null);
      filled += n;
      const eof = n === 0;
      if (first && !eof) {
        first = false;
        scanner.expectRows(estimateRows(buf, filled, size));
      }
      const used = scanner.feed(buf, filled, eof);
      hooks.fed?.(scanner);
      if (eof) return scanner.finish();
      buf.copyWithin(0, used, filled);
      filled -= used;
    }
  } finally {
    closeSync(fd);
  }
}

