// stdout is for results (text or --json); logs go to stderr through the logger.
// Writes are chained, each resolving when the stream has taken all of it, so that main.ts can wait
// for every byte to reach a pipe before it exits (process.exit would cut a pending write at 64
// KiB). Not Bun.write(Bun.stdout): on a pipe whose reader is slow it wrote the first 64 KiB and
// then the whole text again (Bun 1.4.5).
let pending: Promise<unknown> = Promise.resolve();

function write(text: string): void {
  pending = pending.then(() => new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve()))));
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
