import { expect, test } from "bun:test";
import { COMMAND_SUMMARIES } from "./command-summaries.ts";
import { subCommands } from "./commands.ts";

test("the root help's command summaries are the commands' own descriptions (update command-summaries.ts with a command's meta)", async () => {
  for (const [name, summary] of Object.entries(COMMAND_SUMMARIES)) {
    const load = subCommands[name];
    expect([name, load !== undefined]).toEqual([name, true]);
    const cmd = await load!();
    const meta = typeof cmd.meta === "function" ? await (cmd.meta as () => unknown)() : await cmd.meta;
    expect([name, (meta as { description?: string; hidden?: boolean }).description, (meta as { hidden?: boolean }).hidden ?? false]).toEqual([name, summary, false]);
  }
});
