import type { CommandDef } from "citty";

/** `backtest list|show|report|rm|compare`: saved runs, read back from the store (docs/analytics.md). */
export const SAVED_RUN_COMMANDS = ["list", "show", "report", "rm", "compare"] as const;

/**
 * The saved-run subcommands, their module (store, report writer, analytics of saved runs)
 * loaded only when one is named: a backtest does not load it (docs/performance.md, "Memory").
 */
export const lazySavedRunCommands: Record<(typeof SAVED_RUN_COMMANDS)[number], () => Promise<CommandDef<any>>> = Object.fromEntries(
  SAVED_RUN_COMMANDS.map((name) => [name, async () => (await import("./backtest-runs.ts")).savedRunCommands[name]()]),
) as Record<(typeof SAVED_RUN_COMMANDS)[number], () => Promise<CommandDef<any>>>;
