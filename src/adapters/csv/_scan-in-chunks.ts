import { BarsCsvScanner, type BarColumnsResult, type BarsCsvOptions } from "./bars-csv-scan.ts";

/** Tests only: a CSV text fed to the scanner `chunk` bytes at a time, as a file is read, with the unread tail carried over. */
export function scanInChunks(text: string, options: BarsCsvOptions, chunk: number, capacity?: number): BarColumnsResult {
  const all = new TextEncoder().encode(text);
  const scanner = new BarsCsvScanner(options);
  if (capacity !== undefined) scanner.expectRows(capacity); // columns full mid-chunk: grown between rows
  let carry = new Uint8Array(0);
  for (let at = 0; ; at += chunk) {
    const piece = all.subarray(at, at + chunk);
    const buf = new Uint8Array(carry.length + piece.length);
    buf.set(carry);
    buf.set(piece, carry.length);
    const eof = at + chunk >= all.length;
    const used = scanner.feed(buf, buf.length, eof);
    if (eof) return scanner.finish();
    carry = buf.slice(used);
  }
}

/** Tests only: a result with its columns as plain arrays, for toEqual. */
export const plainResult = (r: BarColumnsResult) => (r.ok ? { ...r, bars: Object.fromEntries(Object.entries(r.bars).map(([k, v]) => [k, Array.from(v)])), lines: Array.from(r.lines) } : r);
