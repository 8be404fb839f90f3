#!/usr/bin/env bun
import type { CommandDef } from "citty";
import { isUserError } from "./core/errors.ts";
import { VERSION, VERSION_LINE } from "./version.ts";
import { aliases, subCommands } from "./cli/commands.ts";
import { usageSubCommands } from "./cli/command-summaries.ts";
import { maskText } from "./log/mask.ts";
import { flushOutput, printJson, printText, stdoutIsTty } from "./cli/_output.ts";
import { clipErrorLines, errorJson, userErrorDetails, wantsJson, type ErrorDetails } from "./cli/_error-json.ts";
import { checkFlags, closest } from "./cli/_flags.ts";
import { normalJit, startUpJit } from "./app/start-up-jit.ts";

// A plain command object (citty's defineCommand returns its argument): citty itself, and
// node:util under it, load only when a command runs or help is shown, not for --version.
const root: CommandDef<any> = {
  meta: {
    name: "robotrader",
    version: VERSION,
    description: "Automated stock trading for Interactive Brokers (TWS / IB Gateway)",
  },
  subCommands,
};

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(value: Resolvable<T>): Promise<T> =>
  typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;

interface Resolved {
  readonly cmd: CommandDef<any>;
  /** "robotrader data list". */
  readonly name: string;
  /** Indexes in argv of the words that named the subcommands. */
  readonly pathIndexes: readonly number[];
  readonly subNames: readonly string[];
}

/** Walks argv to the deepest subcommand named in it, as citty will (the first plain word at each level). */
async function resolveCommand(argv: readonly string[]): Promise<Resolved> {
  let cmd: CommandDef<any> = root;
  const path: string[] = [];
  const pathIndexes: number[] = [];
  let subNames: string[] = [];
  for (;;) {
    const subs = (await resolve(cmd.subCommands)) as Record<string, Resolvable<CommandDef<any>>> | undefined;
    subNames = Object.keys(subs ?? {});
    const at = argv.findIndex((w, i) => !w.startsWith("-") && !pathIndexes.includes(i) && i > (pathIndexes.at(-1) ?? -1));
    const entry = at >= 0 ? subs?.[aliases[argv[at]!] ?? argv[at]!] : undefined;
    if (!entry) break;
    path.push(argv[at]!);
    pathIndexes.push(at);
    cmd = await resolve(entry);
  }
  return { cmd, name: ["robotrader", ...path].join(" "), pathIndexes, subNames };
}

/** citty's own usage errors, said with the command they are about and what would be right. */
function usageMessage(error: Error & { code?: string }, argv: readonly string[], at: Resolved): string {
  const plain = error.message.replace(/\x1b\[[0-9;]*m/g, "");
  const list = at.subNames.join(", ");
  if (error.code === "E_NO_COMMAND") return `${at.name} needs a subcommand: ${list}`;
  if (error.code === "E_UNKNOWN_COMMAND") {
    const word = argv.find((w, i) => !w.startsWith("-") && i > (at.pathIndexes.at(-1) ?? -1)) ?? "";
    const hint = closest(word, at.subNames);
    return `unknown command '${word}' for ${at.name}${hint ? `; did you mean ${hint}?` : "."} Commands: ${list}`;
  }
  return plain;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The last word on stderr: plain text, or a JSON log line when --log-format json was asked
 * for, so a log collector parses every line. Messages may quote user input; never let an
 * account id or token through.
 */
function reportError(message: string, exitCode: number, words: readonly string[], details: ErrorDetails = {}): number {
  const masked = maskText(clipErrorLines(message));
  // Under --json a script reads stdout only: the error is there too, as one JSON object.
  if (wantsJson(words)) printJson(errorJson(masked, exitCode, details));
  const i = words.findIndex((w) => w === "--log-format" || w.startsWith("--log-format="));
  const format = i < 0 ? undefined : words[i]!.includes("=") ? words[i]!.split("=")[1] : words[i + 1];
  if (format?.trim().toLowerCase() === "json") {
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: masked, exitCode }) + "\n");
  } else {
    process.stderr.write(`robotrader: ${masked}\n`);
  }
  return exitCode;
}

async function main(argv: string[]): Promise<number> {
  const words = argv.map((a) => aliases[a] ?? a);
  // Help, --version and backtest (which goes back to the normal policy for a long run) start with
  // the JIT held back; every other command never sees it (docs/performance.md).
  const helpOrVersion = words.length === 0 || words.includes("--help") || words.includes("-h") || (words.length === 1 && (words[0] === "--version" || words[0] === "-V"));
  if (helpOrVersion || words.find((w) => !w.startsWith("-")) === "backtest") startUpJit();
  const at = await resolveCommand(words);
  if (words.includes("--help") || words.includes("-h") || words.length === 0) {
    // The parent only carries the full command path as its name, so usage reads "robotrader config check".
    const parent = at.pathIndexes.length > 0 ? { meta: { name: at.name.split(" ").slice(0, -1).join(" ") } } : undefined;
    const { renderUsage } = await import("citty");
    // The root lists its commands from their summaries, without loading each command.
    const cmd = at.cmd === root ? { ...root, subCommands: usageSubCommands(subCommands) } : at.cmd;
    const usage = await renderUsage(cmd, parent);
    // Plain text when piped or captured; colors only for a terminal.
    printText((stdoutIsTty() ? usage : usage.replace(/\x1b\[[0-9;]*m/g, "")) + "\n");
    return 0;
  }
  if (words.length === 1 && (words[0] === "--version" || words[0] === "-V")) {
    printText(VERSION_LINE);
    return 0;
  }
  // backtest's subcommands (list, show, report, ...) run at the normal policy.
  if (at.name !== "robotrader backtest") normalJit();
  try {
    const rest = words.filter((_, i) => !at.pathIndexes.includes(i));
    const args = (await resolve(at.cmd.args)) ?? {};
    checkFlags({ name: at.name, args, hasSubCommands: at.cmd.subCommands !== undefined }, rest);
    const { runCommand } = await import("citty");
    await runCommand(root, { rawArgs: words });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    if (isUserError(error)) return reportError(error.message, error.exitCode, words, userErrorDetails(error));
    // citty's own usage errors (unknown command, missing argument) are user errors too.
    if (error instanceof Error && error.name === "CLIError") {
      return reportError(`${usageMessage(error, words, at)}\nTry: ${at.name} --help`, 2, words, { kind: "usage" });
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : errorMessage(error);
    return reportError(`fatal: ${stack}`, 1, words, { kind: "internal", jsonMessage: maskText(errorMessage(error)) });
  }
}

/** The reader of stdout went away (`robotrader ... | head`): it has what it wanted, so stop quietly. */
function isBrokenPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "EPIPE";
}

const code = await main(process.argv.slice(2));
// Large --json on a pipe must arrive whole before exit.
await flushOutput().catch((error: unknown) => {
  if (!isBrokenPipe(error)) throw error;
});
process.exit(code);
