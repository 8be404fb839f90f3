import { defineCommand } from "citty";
import { isDateBarSize } from "../core/bar.ts";
import { formatBarTime } from "../adapters/csv/index.ts";
import { listData } from "../app/data/list.ts";
import { withExistingStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export default defineCommand({
  meta: { name: "list", description: "List stored bar series (symbol, bar size, first/last time, count) and the embedded SPX" },
  args: { ...commonArgs, ...dataDirArg },
  async run({ args }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const series = await withExistingStore(ctx.config, (db) => listData(db));
    if (ctx.json) {
      printJson({
        series: series.map((s) => ({ ...s, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString() })),
      });
      return;
    }
    const rows = series.map((s) => {
      const daily = isDateBarSize(s.barSize);
      return [s.symbol, s.barSize, formatBarTime(s.first, daily), formatBarTime(s.last, daily), String(s.count), s.source];
    });
    printText(formatTable(["SYMBOL", "BAR SIZE", "FIRST", "LAST", "BARS", "SOURCE"], rows));
  },
});
