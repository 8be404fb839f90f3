import { parseArgs, type ArgsDef, type CommandDef } from "citty";
import { UserError } from "../core/errors.ts";
import { aliases, subCommands } from "./commands.ts";
import { checkFlags } from "./_flags.ts";

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(value: Resolvable<T>): Promise<T> =>
  typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;

/** Commands whose flag values are checked too, by the same function the command runs first. */
const VALUE_CHECKS: Record<string, (words: string[]) => Promise<void>> = {
  run: async (words) => {
    const { prepareRun, runArgs } = await import("./run.ts");
    await prepareRun(parseArgs(words, runArgs));
  },
};

/**
 * Checks a robotrader command line that will run later (`service install --args "..."`) as the
 * command itself would: a known command, its own flags, each value-taking flag with a value, and
 * for `run` every value, the config with the flags applied and the strategy's parameters.
 * Throws UserError naming `flag` and what is wrong.
 */
export async function checkCommandLine(words: readonly string[], flag: string): Promise<void> {
  const fail = (message: string): never => {
    throw new UserError(`${flag} "${words.join(" ")}": ${message}`);
  };
  let cmd: CommandDef<ArgsDef> | undefined;
  let subs: Record<string, Resolvable<CommandDef<ArgsDef>>> | undefined = subCommands as Record<string, Resolvable<CommandDef<ArgsDef>>>;
  const path: string[] = [];
  let rest = [...words];
  while (subs && rest.length > 0 && !rest[0]!.startsWith("-")) {
    const word = aliases[rest[0]!] ?? rest[0]!;
    const entry = subs[word];
    if (!entry) fail(`unknown command '${rest[0]}'${path.length ? ` for robotrader ${path.join(" ")}` : ""}; commands: ${Object.keys(subs).join(", ")}`);
    cmd = await resolve(entry!);
    path.push(word);
    rest = rest.slice(1);
    subs = (await resolve(cmd.subCommands)) as typeof subs;
  }
  if (!cmd) return fail("expected a command, such as run");
  if (subs) fail(`robotrader ${path.join(" ")} needs a subcommand: ${Object.keys(subs).join(", ")}`);
  const name = `robotrader ${path.join(" ")}`;
  try {
    checkFlags({ name, args: (await resolve(cmd!.args)) ?? {}, hasSubCommands: false }, rest);
    await VALUE_CHECKS[path.join(" ")]?.(rest);
  } catch (error) {
    if (error instanceof UserError) fail(error.message.split("\nTry:")[0]!);
    throw error;
  }
}
