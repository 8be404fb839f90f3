import { expect, test } from "bun:test";
import { renderUsage, type CommandDef } from "citty";
import { commandSummaries, usageSubCommands } from "./command-summaries.ts";
import { subCommands } from "./commands.ts";

test("root help from the build-time command summaries reads exactly as help from the loaded commands", async () => {
  const root: CommandDef<any> = { meta: { name: "robotrader", version: "0", description: "d" }, subCommands };
  const summaries = await commandSummaries(subCommands);
  expect(Object.keys(summaries).length).toBeGreaterThan(5);
  const fromSummaries = await renderUsage({ ...root, subCommands: usageSubCommands(subCommands, summaries) });
  expect(fromSummaries).toBe(await renderUsage(root));
  // Without summaries (running from source) the commands themselves are used.
  expect(usageSubCommands(subCommands, undefined)).toBe(subCommands);
});
