import { defineCommand } from "citty";
import { databasePath, withStore } from "../app/data/store.ts";
import { buildStatus } from "../app/runner/status.ts";
import { formatStatus } from "../app/runner/status-format.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export default defineCommand({
  meta: { name: "status", description: "Runner status: positions, orders, today's trades and P&L, connection, kill switch, metrics" },
  args: { ...commonArgs, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    ctx.log.debug(`status: reading ${databasePath(ctx.config)} (read-only)`);
    const status = await withStore(ctx.config, (db) => buildStatus(db, { now: Date.now() }), { readonly: true });
    if (args.json) printJson(status);
    else printText(formatStatus(status, formatTable));
  },
});
