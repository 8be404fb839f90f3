import { defineCommand } from "citty";
import { isDateBarSize } from "../core/bar.ts";
import { formatBarTime } from "../adapters/csv/index.ts";
import { barSizeArg, symbolArg, timeZoneArg } from "./_series-args.ts";
import { readBarsFile, storeBars } from "../app/data/import.ts";
import { databasePath, withStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride, seriesArgs } from "./data-args.ts";

export default defineCommand({
  meta: {
    name: "import",
    description:
      "Import a CSV of bars (Yahoo Date,Open,High,Low,Close,Adj Close,Volume; lower-case; ISO, YYYYMMDD or IB 'YYYYMMDD HH:MM:SS zone' times; oldest or newest first). All or nothing.",
  },
  args: {
    ...commonArgs,
    file: { type: "positional", description: "CSV file", required: true },
    ...seriesArgs,
    tz: { type: "string", description: "Time zone of date-times written without one (default UTC), e.g. America/New_York" },
    replace: { type: "boolean", description: "Overwrite stored bars whose values differ (else such a file is refused)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const symbol = symbolArg(args.symbol);
    const barSize = barSizeArg(args["bar-size"]);
    const timeZone = timeZoneArg(args.tz);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    // The file is read and checked first: a bad one is refused before any database is opened or created.
    const read = await readBarsFile(String(args.file), { barSize, timeZone });
    const summary = await withStore(ctx.config, (db) => storeBars(db, read, { symbol, barSize, replace: Boolean(args.replace) }));
    if (ctx.json) {
      printJson({ ...summary, first: new Date(summary.first).toISOString(), last: new Date(summary.last).toISOString(), database: databasePath(ctx.config) });
      return;
    }
    const daily = isDateBarSize(barSize);
    const lines = [
      `Imported ${summary.file} into ${symbol} ${barSize}: ${summary.bars} bar${summary.bars === 1 ? "" : "s"} ` +
        `(${formatBarTime(summary.first, daily)} .. ${formatBarTime(summary.last, daily)}): ` +
        `${summary.inserted} new, ${summary.unchanged} already stored, ${summary.replaced} replaced.`,
    ];
    if (summary.newestFirst) lines.push("The file was newest first; its bars are stored in time order.");
    if (summary.skipped.length > 0) lines.push(skippedNote(summary.skipped));
    printText(lines.join("\n"));
  },
});

/** "Skipped 2 rows without data (all values null or empty): lines 3, 5." */
function skippedNote(lines: readonly number[]): string {
  const shown = lines.slice(0, 20).join(", ") + (lines.length > 20 ? `, ... (${lines.length - 20} more)` : "");
  const n = lines.length;
  return `Skipped ${n} row${n === 1 ? "" : "s"} without data (all values null or empty): line${n === 1 ? "" : "s"} ${shown}.`;
}
