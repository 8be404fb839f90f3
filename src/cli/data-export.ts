import { defineCommand } from "citty";
import { barSizeArg, rangeArgs, symbolArg } from "./_series-args.ts";
import { exportBarsCsv, writeFileAtomically } from "../app/data/export.ts";
import { withExistingStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride, seriesArgs } from "./data-args.ts";

export default defineCommand({
  meta: { name: "export", description: "Write one series as CSV (time,open,high,low,close,volume) that re-imports unchanged" },
  args: {
    ...commonArgs,
    ...seriesArgs,
    out: { type: "string", description: "Output file (default: stdout)" },
    from: { type: "string", description: "First bar time to include, e.g. 2020-01-01" },
    to: { type: "string", description: "Last bar time to include, e.g. 2020-12-31 (whole day)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const symbol = symbolArg(args.symbol);
    const barSize = barSizeArg(args["bar-size"]);
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const { csv, loaded } = await withExistingStore(ctx.config, (db) => exportBarsCsv({ db, symbol, barSize, ...range }));
    if (args.out) {
      await writeFileAtomically(args.out, csv);
      const summary = { symbol, barSize, bars: loaded.bars.length, source: loaded.source, out: args.out };
      if (ctx.json) printJson(summary);
      else ctx.log.info(`Wrote ${summary.bars} ${barSize} bars of ${symbol} (${loaded.source}) to ${args.out}`);
      return;
    }
    if (ctx.json) {
      const bars = loaded.bars.map((b) => ({ ...b, time: new Date(b.time).toISOString() }));
      printJson({ symbol, barSize, source: loaded.source, bars });
      return;
    }
    printText(csv); // through _output.ts, so main.ts waits for a slow pipe before exiting
  },
});
