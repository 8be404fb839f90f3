import { defineCommand } from "citty";
import { recordedStrategy, replayRecorded } from "../app/backtest/replay.ts";
import { withExistingStore } from "../app/data/store.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { formatReplay } from "./replay-format.ts";

export default defineCommand({
  meta: { name: "replay", description: "Replay a recorded run through the backtest driver and compare its orders one by one (exit 1 on a divergence)" },
  args: { ...commonArgs, run: { type: "positional", required: true, description: "RUN_ID (robotrader runs list)" }, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const runId = Number(args.run);
    if (!/^\d+$/.test(String(args.run)) || !Number.isSafeInteger(runId)) throw new UserError(`replay: RUN_ID must be a run number (robotrader runs list), got '${args.run}'`);
    const report = await withExistingStore(ctx.config, async (db) => {
      if (!db) throw new UserError(`replay: there is no database in ${ctx.config.dataDir} yet, so no recorded run ${runId}`);
      return replayRecorded(db, { runId, strategy: await recordedStrategy(db, runId) });
    });
    if (args.json) {
      // Said on stderr: the document on stdout stays exactly the issue's.
      for (const warning of report.warnings) ctx.log.warn(`replay: ${warning}`);
      // Exactly the document (sent, refused and bars are in the text).
      const { run, orders, identical, firstDivergence } = report;
      printJson({ run, orders, identical, firstDivergence });
    } else printText(formatReplay(report, formatTable));
    if (report.firstDivergence !== null) process.exitCode = 1;
  },
});
