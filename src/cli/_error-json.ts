import { clipMessage, type UserError } from "../core/errors.ts";
import { ConfigError } from "../config/problem.ts";

/** What a failed command's JSON says besides its message. */
export interface ErrorDetails {
  /** "invalid-input" (exit 2, the user can fix it), "usage" (a flag or command), "internal" (a bug or an outage). */
  readonly kind?: "invalid-input" | "usage" | "internal";
  /** The message for stdout when it differs from stderr's (no stack trace). */
  readonly jsonMessage?: string;
  /** Every config problem, when the config was what failed. */
  readonly problems?: readonly { readonly kind: string; readonly message: string }[];
}

/** Longest line of a failure's message printed whole (the places that quote input cut at 300). */
export const MAX_ERROR_LINE_CHARS = 1000;

/**
 * A failure's message with every line cut to MAX_ERROR_LINE_CHARS: the backstop for a message
 * that quotes a flag or config value whole (`--strategy` of a megabyte).
 */
export function clipErrorLines(message: string): string {
  return message.split("\n").map((line) => clipMessage(line, MAX_ERROR_LINE_CHARS)).join("\n");
}

/** `--json` anywhere before a `--`, as a flag citty would read (`--json`, `--json=true`). */
export function wantsJson(words: readonly string[]): boolean {
  const end = words.indexOf("--");
  return (end < 0 ? words : words.slice(0, end)).some((w) => w === "--json" || w === "--json=true");
}

export function userErrorDetails(error: UserError): ErrorDetails {
  if (error instanceof ConfigError) return { kind: "invalid-input", problems: error.problems.map(({ kind, message }) => ({ kind, message })) };
  return { kind: "invalid-input" };
}

/** The one JSON shape of a failure on stdout: `{ error, message, exitCode[, problems] }`. */
export function errorJson(message: string, exitCode: number, details: ErrorDetails): Record<string, unknown> {
  return {
    error: details.kind ?? (exitCode === 2 ? "invalid-input" : "internal"),
    message: details.jsonMessage ?? message,
    exitCode,
    ...(details.problems ? { problems: details.problems } : {}),
  };
}
