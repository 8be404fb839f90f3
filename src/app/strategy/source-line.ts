import { readFileSync } from "node:fs";
import { shownPath } from "../../adapters/strategy-file/load-strategy-file.ts";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Where a strategy file defines things, found in its text, for problems that surface at run time
 * with no stack frame in the file (a parameter's default, what create returns). Each answer is
 * "./file.ts:LINE:COL" of the first match, or just "./file.ts" when the text does not show it.
 */
export class StrategySource {
  readonly #file: string;
  readonly #text: string;

  constructor(file: string) {
    this.#file = file;
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // Gone since it loaded: problems name the file alone.
    }
    this.#text = text;
  }

  /** The file itself, as the user should see it. */
  get shown(): string {
    return shownPath(this.#file);
  }

  /** A parameter's entry in the schema: `period: v.…` (quoted or not). */
  param(name: string): string {
    return this.#at(new RegExp(`(?<=^|[\\s{,(])(["']?)${escape(name)}\\1(?=\\s*:\\s*v\\.)`, "m"));
  }

  /** A method or property: `create(`, `onBar:`, `async onStep(`. */
  member(name: string): string {
    return this.#at(new RegExp(`\\b${escape(name)}(?=\\s*[(:])`));
  }

  #at(pattern: RegExp): string {
    const match = pattern.exec(this.#text);
    if (!match) return this.shown;
    const before = this.#text.slice(0, match.index);
    const line = before.split("\n").length;
    return `${this.shown}:${line}:${match.index - before.lastIndexOf("\n")}`;
  }
}
