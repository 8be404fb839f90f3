import { defineCommand } from "citty";
import { formatBarTime } from "../adapters/csv/index.ts";
import { barSizeArg, rangeArgs, symbolArg } from "./_series-args.ts";
import { resampleStored } from "../app/data/resample.ts";
import { withStore } from "../app/data/store.ts";
import { isDateBarSize } from "../core/bar.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

export default defineCommand({
  meta: {
    name: "resample",
    description: "Combine stored bars into a larger size, session-aware (1m -> 5m on the 09:30 grid, 5m -> 1d by New York date, 1d -> 1w); stored beside the source, all or nothing",
  },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "Ticker (SPX 1d reads the embedded series when none is stored)", required: true },
    "bar-size": { type: "string", description: "Bar size read: 1s 5s 1m 5m 15m 30m 1h 1d", default: "1d" },
    into: { type: "string", description: "Bar size written: 5s 1m 5m 15m 30m 1h 1d 1w", required: true },
    from: { type: "string", description: "First source bar time, e.g. 2020-01-01" },
    to: { type: "string", description: "Last source bar time, e.g. 2020-12-31 (whole day)" },
    replace: { type: "boolean", description: "Overwrite stored bars of the target size that differ (else such a run stores nothing)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const symbol = symbolArg(args.symbol);
    const from = barSizeArg(args["bar-size"]);
    const to = barSizeArg(args.into, "--into");
    if (args.into === undefined) throw new UserError("data resample needs --into, the bar size to make, e.g. --into 5m");
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const s = await withStore(ctx.config, (db) => resampleStored({ db, symbol, from, to, range, replace: Boolean(args.replace) }));
    if (ctx.json) {
      printJson({ ...s, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString() });
      return;
    }
    const daily = isDateBarSize(to);
    printText(
      `Resampled ${s.read} ${from} bars of ${symbol}${s.source === "embedded" ? " (embedded)" : ""} into ${s.bars} ${to} bars ` +
        `(${formatBarTime(s.first, daily)} .. ${formatBarTime(s.last, daily)}): ${s.inserted} new, ${s.unchanged} already stored, ${s.replaced} replaced.`,
    );
  },
});
