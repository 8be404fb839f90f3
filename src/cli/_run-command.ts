import type { ArgsDef, CommandContext, CommandDef, RunCommandOptions } from "citty";
import { CLIError, camelCase, cyan, parseArgs } from "./_parse-args.ts";

/**
 * Runs a command as citty 0.2's runCommand does (setup, the subcommand named in the words or the
 * default one, run, cleanup), its words read by ./_parse-args.ts: citty and node:util are not
 * loaded to run a command (docs/performance.md, "Start-up of a short run").
 */

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolveValue = async <T>(value: Resolvable<T>): Promise<T> =>
  typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;

type AnyCommand = CommandDef<ArgsDef>;

export async function runCommand<T extends ArgsDef = ArgsDef>(cmd: CommandDef<T>, opts: RunCommandOptions): Promise<{ result: unknown }> {
  const cmdArgs = ((await resolveValue(cmd.args ?? ({} as T))) ?? {}) as T;
  const context: CommandContext<T> = { rawArgs: opts.rawArgs, args: parseArgs(opts.rawArgs, cmdArgs), data: opts.data, cmd };
  const plugins = await Promise.all((cmd.plugins ?? []).map((p) => resolveValue(p)));
  let result: unknown;
  let runError: unknown;
  try {
    for (const plugin of plugins) await plugin.setup?.(context);
    if (typeof cmd.setup === "function") await cmd.setup(context);
    const subCommands = (await resolveValue(cmd.subCommands)) as Record<string, Resolvable<AnyCommand>> | undefined;
    if (subCommands && Object.keys(subCommands).length > 0) {
      const at = subCommandIndex(opts.rawArgs, cmdArgs);
      const explicitName = opts.rawArgs[at];
      if (explicitName) {
        const sub = await findSubCommand(subCommands, explicitName);
        if (!sub) throw new CLIError(`Unknown command ${cyan(explicitName)}`, "E_UNKNOWN_COMMAND");
        await runCommand(sub, { rawArgs: opts.rawArgs.slice(at + 1) });
      } else {
        const name = await resolveValue(cmd.default);
        if (name) {
          if (cmd.run) throw new CLIError(`Cannot specify both 'run' and 'default' on the same command.`, "E_DEFAULT_CONFLICT");
          const sub = await findSubCommand(subCommands, name);
          if (!sub) throw new CLIError(`Default sub command ${cyan(name)} not found in subCommands.`, "E_UNKNOWN_COMMAND");
          await runCommand(sub, { rawArgs: opts.rawArgs });
        } else if (!cmd.run) throw new CLIError(`No command specified.`, "E_NO_COMMAND");
      }
    }
    if (typeof cmd.run === "function") result = await cmd.run(context);
  } catch (error) {
    runError = error;
  }
  const cleanupErrors: unknown[] = [];
  if (typeof cmd.cleanup === "function") {
    try {
      await cmd.cleanup(context);
    } catch (error) {
      cleanupErrors.push(error);
    }
  }
  for (const plugin of [...plugins].reverse()) {
    try {
      await plugin.cleanup?.(context);
    } catch (error) {
      cleanupErrors.push(error);
    }
  }
  if (runError) throw runError;
  if (cleanupErrors.length === 1) throw cleanupErrors[0];
  if (cleanupErrors.length > 1) throw new Error("Multiple cleanup errors", { cause: cleanupErrors });
  return { result };
}

async function findSubCommand(subCommands: Record<string, Resolvable<AnyCommand>>, name: string): Promise<AnyCommand | undefined> {
  if (name in subCommands) return resolveValue(subCommands[name]!);
  for (const sub of Object.values(subCommands)) {
    const resolved = await resolveValue(sub);
    const meta = await resolveValue(resolved?.meta);
    if (meta?.alias && [meta.alias].flat().includes(name)) return resolved;
  }
  return undefined;
}

/** The subcommand's word: the first that is neither a flag nor the value of a string flag before it. */
function subCommandIndex(rawArgs: readonly string[], argsDef: ArgsDef): number {
  for (let i = 0; i < rawArgs.length; i++) {
    const word = rawArgs[i]!;
    if (word === "--") return -1;
    if (word.startsWith("-")) {
      if (!word.includes("=") && isValueFlag(word, argsDef)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

function isValueFlag(flag: string, argsDef: ArgsDef): boolean {
  const name = flag.replace(/^-{1,2}/, "");
  const normalized = camelCase(name);
  for (const [key, def] of Object.entries(argsDef)) {
    if (def.type !== "string" && def.type !== "enum") continue;
    if (normalized === camelCase(key)) return true;
    const alias = (def as { alias?: string | string[] }).alias;
    if ((Array.isArray(alias) ? alias : alias ? [alias] : []).includes(name)) return true;
  }
  return false;
}
