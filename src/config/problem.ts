import { UserError } from "../core/errors.ts";

/** One thing wrong with the configuration; a load collects all of them before failing. */
export interface ConfigProblem {
  readonly kind: "syntax" | "unknown-key" | "invalid-value" | "not-found" | "unreadable" | "conflict";
  /** Full sentence naming the source, the key, the bad value and what is expected. */
  readonly message: string;
  /** Dotted camelCase key ("gateway.port") when the problem is about one key. */
  readonly key?: string;
}

/** Thrown by loadConfig; exits 2 like every UserError and keeps the problems as values. */
export class ConfigError extends UserError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.problems = problems;
  }
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  if (problems.length === 1) return problems[0]!.message;
  return `${problems.length} config problems:\n` + problems.map((p) => `  - ${p.message}`).join("\n");
}

/** Values in messages: strings quoted, lists as TOML-like arrays. */
export function showValue(value: unknown): string {
  if (value === undefined) return "(nothing)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
