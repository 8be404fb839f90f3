import { defineCommand } from "citty";
import { EMBEDDED_SYMBOL } from "../adapters/embedded/sp500.ts";
import { barSizeArg, rangeArgs, symbolArg } from "./_series-args.ts";
import { deleteStoredBars, describe } from "../app/data/delete.ts";
import { withStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export default defineCommand({
  meta: { name: "delete", description: `Delete stored bars of one symbol (one bar size or all, optionally a time range); deleting SPX 1d brings back the embedded ${EMBEDDED_SYMBOL}` },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "Ticker whose stored bars are deleted", required: true },
    "bar-size": { type: "string", description: "Only this bar size: 1s 5s 1m 5m 15m 30m 1h 1d 1w (default: all of the symbol's)" },
    from: { type: "string", description: "First bar time to delete, e.g. 2020-01-01" },
    to: { type: "string", description: "Last bar time to delete, e.g. 2020-12-31 (whole day)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const symbol = symbolArg(args.symbol);
    const barSize = args["bar-size"] === undefined ? undefined : barSizeArg(args["bar-size"]);
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const summary = await withStore(ctx.config, (db) => deleteStoredBars({ db, symbol, barSize, ...range }));
    if (ctx.json) {
      const iso = (t: number) => new Date(t).toISOString();
      printJson({ ...summary, deleted: summary.deleted.map((s) => ({ ...s, first: iso(s.first), last: iso(s.last) })) });
      return;
    }
    const lines = summary.deleted.map((s) => `Deleted ${symbol} ${describe(s)}.`);
    if (summary.embeddedBack) lines.push(`${EMBEDDED_SYMBOL} 1d is the embedded S&P 500 series again.`);
    printText(lines.join("\n"));
  },
});
