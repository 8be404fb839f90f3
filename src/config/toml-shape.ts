/**
 * Bun's TOML parser recurses on nesting (a deep file overflows the stack) and slows down with
 * the square of the keys in a table (40,000 keys: seconds). A robotrader.toml has two levels and
 * under a hundred keys, so the bounds below only ever stop a wrong or hostile file, in one pass.
 */
export const MAX_NESTING = 32;
export const MAX_KEYS = 2000;

/** "line N: what is wrong" when the text is too deep or has too many keys to parse; one pass. */
export function tomlShapeProblem(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    else if (c === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < text.length && !text.startsWith(close, j) && (triple || text[j] !== "\n")) {
        if (c === '"' && text[j] === "\\") j++;
        if (text[j] === "\n") line++;
        j++;
      }
      i = j + close.length - 1;
    } else if (c === "[" || c === "{") {
      if (++depth > MAX_NESTING) return `line ${line}: arrays or tables nested more than ${MAX_NESTING} levels deep`;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "=" && ++keys > MAX_KEYS) {
      return `line ${line}: more than ${MAX_KEYS} keys; robotrader.toml has fewer than a hundred (\`robotrader config show\` lists them)`;
    }
  }
  return undefined;
}
