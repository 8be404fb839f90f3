import { defineCommand } from "citty";
import { withStore } from "../app/data/store.ts";
import { killSwitchStatus, setKillSwitch, type KillSwitchState, type KillSwitchStatus } from "../app/runner/kill-switch.ts";
import { commonArgs } from "./_args.ts";
import { cliActor } from "./_who.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export function formatKillSwitch(state: KillSwitchState | KillSwitchStatus): string {
  if ("database" in state && state.database === null) return "kill switch: off (no database yet)";
  if (state.at === null) return "kill switch: off (never set)";
  const reason = state.reason ? `, reason: ${state.reason}` : "";
  return `kill switch: ${state.on ? "ON - new orders are blocked" : "off"} (since ${new Date(state.at).toISOString()} by ${state.by ?? "unknown"}${reason})`;
}

function change(on: boolean) {
  return defineCommand({
    meta: {
      name: on ? "on" : "off",
      description: on
        ? "Block every new order now, also in a running runner (within a second)"
        : "Allow new orders again; needs --reason, recorded with the change",
    },
    args: { ...commonArgs, ...dataDirArg, reason: { type: "string", description: on ? "Why (optional, recorded)" : "Why trading may resume (required)" } },
    async run({ args }) {
      const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
      const result = await withStore(ctx.config, (db) => setKillSwitch(db, { on, reason: args.reason, by: cliActor(), now: Date.now() }));
      if (args.json) printJson(result.current);
      else printText(formatKillSwitch(result.current));
    },
  });
}

export default defineCommand({
  meta: { name: "kill-switch", description: "Block (on) or allow (off) new orders, also for a running runner" },
  subCommands: {
    on: change(true),
    off: change(false),
    status: defineCommand({
      meta: { name: "status", description: "Show whether the kill switch is on, since when, by whom and why" },
      args: { ...commonArgs, ...dataDirArg },
      async run({ args }) {
        const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
        const state = await killSwitchStatus(ctx.config);
        if (args.json) printJson(state);
        else printText(formatKillSwitch(state));
      },
    }),
  },
});
