import { writeSync } from "node:fs";

// stdout is for results (text or --json); logs go to stderr through the logger.
// Writes are chained so that main.ts can wait for every byte to reach a pipe before it exits
// (process.stdout.write would be cut at 64 KiB by process.exit). Each is written with writeSync
// from where the last partial write stopped: on a non-blocking pipe whose reader is slower,
// Bun.write(Bun.stdout) wrote the first 64 KiB and then the whole text again.
let pending: Promise<unknown> = Promise.resolve();
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(pause, 0, 0, 2); // the reader is behind: let it catch up
    }
  }
}

function write(text: string): void {
  pending = pending.then(() => writeAll(text));
}

export function printJson(value: unknown): void {
  write(JSON.stringify(value, null, 2) + "\n");
}

export function printText(text: string): void {
  write(text.endsWith("\n") ? text : text + "\n");
}

/** Resolves once everything printed so far has been written out. */
export function flushOutput(): Promise<unknown> {
  return pending;
}

/** Left-aligned plain-text table; cells are already strings. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (c ?? "").padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
