import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import { definitionProblems } from "../../strategy/check-definition.ts";
import { registerDefinition, type RegisteredStrategy } from "../../strategy/configure.ts";
import type { StrategyDefinition } from "../../strategy/api/public-types.ts";
import { API_MODULE, registerApiModule } from "./api-module.ts";

/** A path as the user should see it: relative to the working directory when inside it. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : `./${rel}`;
}

/** Whether a --strategy value names a file rather than a built-in strategy. */
export function isStrategyFile(value: string): boolean {
  return /[\\/]/.test(value) || /\.(ts|js|mts|mjs)$/.test(value);
}

/** Bun's parse errors carry a position; runtime errors a stack. "file:line:col: message". */
function loadErrorMessage(error: unknown, file: string): string {
  const e = error as { message?: unknown; position?: { file?: string; line?: number; column?: number } | null; errors?: unknown[] };
  const first = Array.isArray(e.errors) && e.errors.length > 0 ? (e.errors[0] as typeof e) : e;
  const pos = first.position;
  if (pos && typeof pos.line === "number") {
    return `${shownPath(pos.file ?? file)}:${pos.line}:${(pos.column ?? 0) + 1}: ${String(first.message)}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const missing = /^Cannot find (module|package) '([^']+)' imported from (.+)$/.exec(message);
  if (missing && missing[2] !== API_MODULE) {
    const [, what, specifier, importer] = missing as unknown as [string, string, string, string];
    const where = importLine(importer, specifier) ?? shownPath(importer);
    return /^(\.{1,2}\/|\/)/.test(specifier)
      ? `${where}: Cannot find ${what} '${specifier}': no such file`
      : `${where}: Cannot find ${what} '${specifier}'. A strategy file cannot import packages: take what it needs from "${API_MODULE}" (defineStrategy, v)`;
  }
  const unknownExport = /^Export named '([^']+)' not found in module '([^']+)'/.exec(message);
  if (unknownExport && unknownExport[2] === API_MODULE) {
    return `${importLine(file, API_MODULE) ?? shownPath(file)}: "${API_MODULE}" has no export '${unknownExport[1]}'; it exports defineStrategy and v (valibot)`;
  }
  const frame = error instanceof Error ? error.stack?.match(new RegExp(`\\(?(${escape(file)}:\\d+:\\d+)\\)?`)) : null;
  return `${frame ? shownPath(frame[1]!) : shownPath(file)}: ${message}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "./file.ts:LINE:COL" of the import (or require) of `specifier` in `file`, when the text shows it. */
function importLine(file: string, specifier: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const quoted = `(["'])${escape(specifier)}\\1`;
  const site = new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*|\\brequire\\s*\\(\\s*)${quoted}`).exec(text);
  if (!site) return undefined;
  const before = text.slice(0, site.index);
  const line = before.split("\n").length;
  const lineText = text.slice(before.lastIndexOf("\n") + 1);
  return `${shownPath(file)}:${line}:${lineText.search(/\S/) + 1}`;
}

/**
 * Loads a strategy file (.ts or .js, no build step) and checks what it exports. Every problem
 * is a UserError naming the file (and line, when the file itself is at fault).
 */
export async function loadStrategyFile(file: string, builtIns: readonly string[] = []): Promise<RegisteredStrategy> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new UserError(`strategy file ${file} does not exist (write one with: robotrader strategy new NAME)`);
  }
  await registerApiModule();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(absolute)) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`strategy file ${loadErrorMessage(error, absolute)}`, { cause: error });
  }
  const value = mod["default"] ?? mod["strategy"];
  const problems = definitionProblems(value);
  if (problems.length > 0) {
    throw new UserError(`strategy file ${shownPath(absolute)}: ${problems.join("; ")}`);
  }
  const def = value as StrategyDefinition;
  if (builtIns.includes(def.name)) {
    throw new UserError(`strategy file ${shownPath(absolute)}: name '${def.name}' is a built-in strategy's; give yours another name`);
  }
  return registerDefinition(def, absolute);
}
