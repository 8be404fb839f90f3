const HEADER = /^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$/;
const KEY_LINE = /^\s*([A-Za-z0-9_\-."' ]+?)\s*=/;

const normalize = (dotted: string) =>
  dotted
    .split(".")
    .map((part) => part.trim().replace(/^["']|["']$/g, ""))
    .join(".");

/**
 * Best-effort map from dotted key ("gateway.port") to its 1-based line, for messages.
 * Bun.TOML.parse gives no positions; config files are small, so a line scan is enough.
 */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table = "";
  text.split(/\r?\n/).forEach((line, index) => {
    const header = line.match(HEADER);
    if (header) {
      table = normalize(header[1]!);
      if (!lines.has(table)) lines.set(table, index + 1);
      return;
    }
    const key = line.match(KEY_LINE);
    if (key) {
      const full = (table ? table + "." : "") + normalize(key[1]!);
      if (!lines.has(full)) lines.set(full, index + 1);
    }
  });
  return lines;
}

/**
 * The line a TOML syntax error is on: the one after the longest prefix of lines that parses.
 * Small files are scanned from the end, because a short prefix can fail only for being cut
 * inside a multi-line array or string. Large files are bisected instead, so that a syntax
 * error at the end of a long file costs a few parses, not one per line.
 */
export function syntaxErrorLine(text: string, parse: (text: string) => unknown): number {
  const lines = text.split(/\r?\n/);
  const parses = (n: number) => {
    try {
      parse(lines.slice(0, n).join("\n"));
      return true;
    } catch {
      return false;
    }
  };
  if (lines.length > SCAN_LINES || text.length > SCAN_BYTES) {
    let good = 0;
    let bad = lines.length;
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (parses(mid)) good = mid;
      else bad = mid;
    }
    return good + 1;
  }
  for (let n = lines.length - 1; n >= 0; n--) if (parses(n)) return n + 1;
  return 1;
}

/** Files up to this many lines and bytes get the exact backwards scan (at most 400 parses of 64 KiB). */
const SCAN_LINES = 400;
const SCAN_BYTES = 64 * 1024;
