import { defineCommand } from "citty";
import { recordedRuns } from "../app/backtest/replay.ts";
import { withExistingStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { formatRunList, runListRow } from "./replay-format.ts";

export default defineCommand({
  meta: { name: "runs", description: "Recorded runs (robotrader replay RUN_ID replays one)" },
  subCommands: {
    list: defineCommand({
      meta: { name: "list", description: "Recorded runs, newest first: id, start, end, mode, strategies, symbols, orders" },
      args: { ...commonArgs, ...dataDirArg },
      async run({ args }) {
        const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
        const runs = await withExistingStore(ctx.config, (db) => (db ? recordedRuns(db) : []));
        if (args.json) printJson(runs.map(runListRow));
        else printText(formatRunList(runs, formatTable));
      },
    }),
  },
});
