import { defineCommand } from "citty";
import { withStore } from "../app/data/store.ts";
import { setPause, type PauseState } from "../app/control/pause.ts";
import { commonArgs } from "./_args.ts";
import { cliActor } from "./_who.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export function formatPause(state: PauseState | null): string {
  if (!state?.paused) return `new entries: allowed${state ? ` (resumed ${new Date(state.at).toISOString()} by ${state.by})` : ""}`;
  return `new entries: PAUSED since ${new Date(state.at).toISOString()} by ${state.by}${state.reason ? ` (${state.reason})` : ""}; exits, stop-losses and manual orders still go`;
}

/** `pause` and `resume`: a persistent flag the runner reads before each order (like the kill switch, but exits still go). */
export function pauseCommand(paused: boolean) {
  return defineCommand({
    meta: {
      name: paused ? "pause" : "resume",
      description: paused
        ? "Pause new entries (exits, stop-losses and manual orders still go); holds across restarts until 'resume'"
        : "Allow new entries again after 'pause'",
    },
    args: { ...commonArgs, ...dataDirArg, reason: { type: "string", description: "Why (recorded with the change)" } },
    async run({ args }) {
      const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
      const { current } = await withStore(ctx.config, (db) => setPause(db, { paused, by: cliActor(), now: Date.now(), reason: args.reason }));
      if (args.json) printJson(current);
      else printText(formatPause(current));
    },
  });
}

export default pauseCommand(true);
