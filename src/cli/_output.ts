// stdout is for results (text or --json); logs go to stderr through the logger.
// Writes are chained through Bun.write so that main.ts can wait for every byte to reach a pipe
// before it exits: process.stdout.write would be cut at 64 KiB by process.exit.
let pending: Promise<unknown> = Promise.resolve();

function write(text: string): void {
  pending = pending.then(() => Bun.write(Bun.stdout, text));
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
