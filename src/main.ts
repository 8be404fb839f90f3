#!/usr/bin/env bun
import { defineCommand, renderUsage, runCommand, type CommandDef } from "citty";
import { isUserError } from "./core/errors.ts";
import { VERSION, VERSION_LINE } from "./version.ts";
import { aliases, subCommands } from "./cli/commands.ts";
import { maskText } from "./log/mask.ts";
import { flushOutput } from "./cli/_output.ts";

const root = defineCommand({
  meta: {
    name: "robotrader",
    version: VERSION,
    description: "Automated stock trading for Interactive Brokers (TWS / IB Gateway)",
  },
  subCommands,
});

/**
 * Walks argv to the deepest subcommand named in it, for --help. The returned parent only carries
 * the full command path as its name, so usage reads "robotrader config check".
 */
async function resolveCommand(argv: readonly string[]): Promise<[CommandDef<any>, CommandDef<any> | undefined]> {
  let cmd: CommandDef<any> = root;
  const path: string[] = [];
  for (const word of argv) {
    if (word.startsWith("-")) continue;
    const subs = (typeof cmd.subCommands === "function" ? await cmd.subCommands() : await cmd.subCommands) as
      | Record<string, CommandDef<any> | (() => Promise<CommandDef<any>>)>
      | undefined;
    const entry = subs?.[aliases[word] ?? word];
    if (!entry) break;
    path.push(word);
    cmd = typeof entry === "function" ? await entry() : entry;
  }
  if (path.length === 0) return [cmd, undefined];
  return [cmd, { meta: { name: ["robotrader", ...path.slice(0, -1)].join(" ") } }];
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function main(argv: string[]): Promise<number> {
  const words = argv.map((a) => aliases[a] ?? a);
  if (words.includes("--help") || words.includes("-h") || words.length === 0) {
    const [cmd, parent] = await resolveCommand(words);
    const usage = await renderUsage(cmd, parent);
    // Plain text when piped or captured; colors only for a terminal.
    process.stdout.write((process.stdout.isTTY ? usage : usage.replace(/\x1b\[[0-9;]*m/g, "")) + "\n");
    return 0;
  }
  if (words.length === 1 && (words[0] === "--version" || words[0] === "-V")) {
    process.stdout.write(VERSION_LINE + "\n");
    return 0;
  }
  try {
    await runCommand(root, { rawArgs: words });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (isUserError(error)) {
      // Messages may quote user input; never let an account id or token through.
      process.stderr.write(`robotrader: ${maskText(error.message)}\n`);
      return error.exitCode;
    }
    // citty's own usage errors (unknown command, missing argument) are user errors too.
    if (error instanceof Error && error.name === "CLIError") {
      process.stderr.write(`robotrader: ${error.message}\nTry: robotrader --help\n`);
      return 2;
    }
    process.stderr.write(`robotrader: fatal: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
await flushOutput(); // large --json on a pipe must arrive whole before exit
process.exit(code);
