import { defineCommand, type CommandDef } from "citty";

const load = (p: Promise<{ default: CommandDef<any> }>) => p.then((m) => m.default);

export default defineCommand({
  meta: { name: "strategy", description: "Strategies: list the built-in ones, write a new strategy file, its type declarations, check one" },
  subCommands: {
    list: () => load(import("./strategy-list.ts")),
    new: () => load(import("./strategy-new.ts")),
    types: () => load(import("./strategy-types.ts")),
    check: () => load(import("./strategy-check.ts")),
  },
});
