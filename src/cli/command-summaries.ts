import type { CommandDef } from "citty";

type Lazy = () => Promise<CommandDef<any>>;

// Set by scripts/build.ts (`--define`) from the commands' own meta; absent when run from source.
declare const ROBOTRADER_COMMAND_SUMMARIES: Record<string, string> | undefined;

/**
 * Each visible command's one-line description, read from the commands at build time, so the
 * compiled binary's `robotrader --help` lists the commands without loading every command module
 * (and all they import). From source, undefined: the commands are loaded as before.
 */
export const BUILT_SUMMARIES: Readonly<Record<string, string>> | undefined =
  typeof ROBOTRADER_COMMAND_SUMMARIES === "object" ? ROBOTRADER_COMMAND_SUMMARIES : undefined;

/** name -> description of every command that help shows (the build computes this). */
export async function commandSummaries(subCommands: Readonly<Record<string, Lazy>>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, load] of Object.entries(subCommands)) {
    const cmd = await load();
    const meta = (typeof cmd.meta === "function" ? await (cmd.meta as () => unknown)() : await cmd.meta) as { description?: string; hidden?: boolean; alias?: unknown } | undefined;
    // Hidden or aliased commands keep their own meta: help loads those.
    if (meta?.hidden || meta?.alias !== undefined) continue;
    out[name] = meta?.description ?? "";
  }
  return out;
}

/** Subcommands for the root's usage: a stand-in with the summary where there is one, else the command itself. */
export function usageSubCommands(
  subCommands: Readonly<Record<string, Lazy>>,
  summaries: Readonly<Record<string, string>> | undefined = BUILT_SUMMARIES,
): Readonly<Record<string, CommandDef<any> | Lazy>> {
  if (summaries === undefined) return subCommands;
  return Object.fromEntries(
    Object.entries(subCommands).map(([name, load]) => {
      const description = summaries[name];
      return [name, description === undefined ? load : { meta: { name, description } }];
    }),
  );
}
