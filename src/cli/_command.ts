import type { ArgsDef, CommandDef } from "citty";

/**
 * A command's definition, as citty's defineCommand (which returns its argument): importing it
 * from here keeps citty, and node:util under it, out of every command's start (they are loaded
 * for --help only; ./_run-command.ts runs commands).
 */
export function defineCommand<const T extends ArgsDef = ArgsDef>(def: CommandDef<T>): CommandDef<T> {
  return def;
}
