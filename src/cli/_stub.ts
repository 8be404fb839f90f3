import { defineCommand, type ArgsDef } from "citty";
import { NotImplementedError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";

/** A command a later issue builds: it has --help and exits 2 with "not implemented yet". */
export function stubCommand(name: string, description: string, args: ArgsDef = {}) {
  return defineCommand({
    meta: { name, description: `${description} (not implemented yet)` },
    args: { ...commonArgs, ...args },
    run() {
      throw new NotImplementedError(name);
    },
  });
}
