import { fdIsTty } from "../log/fd-tty.ts";

// stdout is for results (text or --json); logs go to stderr through the logger.
// Writes are chained, each done when stdout has taken all of it, so that main.ts can wait for
// every byte to reach a pipe before it exits (process.exit would cut a pending stream write at
// 64 KiB). A text of up to SMALL characters goes through console.log, which writes it before it
// returns: `process.stdout` is created on first use and that alone doubles the start-up of a
// short command (`--version`, `--help`, `market-status`). Larger texts go through
// process.stdout.write with its callback, not Bun.write(Bun.stdout): on a pipe whose reader is
// slow that wrote the first 64 KiB and then the whole text again (Bun 1.4.5).
const SMALL = 16_384;
let pending: Promise<unknown> = Promise.resolve();
let stream: NodeJS.WriteStream | undefined;

function stdoutStream(): NodeJS.WriteStream {
  if (stream === undefined) {
    stream = process.stdout;
    // The reader went away (`robotrader ... | head`): the write's callback says so and main.ts,
    // waiting on flushOutput, stops quietly. Any other failure is not ours to hide.
    stream.on("error", (error: { code?: unknown }) => {
      if (error?.code !== "EPIPE") throw error;
    });
  }
  return stream;
}

/** `text` ends with a newline. */
function write(text: string): void {
  pending = pending.then(() =>
    text.length <= SMALL
      ? console.log(text.slice(0, -1))
      : new Promise<void>((resolve, reject) => stdoutStream().write(text, (error) => (error ? reject(error) : resolve()))),
  );
}

/** Whether stdout is a terminal, without creating `process.stdout` (see above). */
export function stdoutIsTty(): boolean {
  return fdIsTty(1) ?? stdoutStream().isTTY === true;
}

export function printJson(value: unknown): void {
  write(JSON.stringify(value, null, 2) + "\n");
}

export function printText(text: string): void {
  write(text.endsWith("\n") ? text : text + "\n");
}

/**
 * Writes `parts` one after another, each made and written once the one before is out: a long
 * text (a million equity points as JSON) never held whole. The parts are written as they are.
 */
export async function printParts(parts: Iterable<string>): Promise<void> {
  for (const part of parts) {
    if (part.length === 0) continue;
    pending = pending.then(() => new Promise<void>((resolve, reject) => stdoutStream().write(part, (error) => (error ? reject(error) : resolve()))));
    await pending;
  }
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
