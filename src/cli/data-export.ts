import { defineCommand } from "citty";
import { barSizeArg, rangeArgs, symbolArg } from "./_series-args.ts";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { exportBarsCsv, exportBarsParquet, writeFileAtomically } from "../app/data/export.ts";
import { catalogPath } from "../app/data/load-series.ts";
import { UserError } from "../core/errors.ts";
import { withExistingStore } from "../app/data/store.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride, seriesArgs } from "./data-args.ts";

export default defineCommand({
  meta: { name: "export", description: "Write one series as CSV (time,open,high,low,close,volume) or Parquet (--out FILE.parquet, --catalog DIR) that re-imports unchanged" },
  args: {
    ...commonArgs,
    ...seriesArgs,
    out: { type: "string", description: "Output file (default: stdout); FILE.parquet writes Parquet" },
    catalog: { type: "string", description: "Write Parquet into this catalogue directory as DIR/<bar size>/<SYMBOL>.parquet (for backtest --catalog)" },
    from: { type: "string", description: "First bar time to include, e.g. 2020-01-01" },
    to: { type: "string", description: "Last bar time to include, e.g. 2020-12-31 (whole day)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const symbol = symbolArg(args.symbol);
    const barSize = barSizeArg(args["bar-size"]);
    const range = rangeArgs(args.from, args.to);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    if (args.catalog !== undefined && args.out !== undefined) throw new UserError("Give either --out or --catalog, not both");
    const parquetOut = args.catalog !== undefined ? catalogPath(args.catalog, symbol, barSize) : args.out !== undefined && /\.(parquet|pq)$/i.test(args.out) ? args.out : undefined;
    if (parquetOut !== undefined) {
      const written = await withExistingStore(ctx.config, (db) => exportBarsParquet({ db, symbol, barSize, ...range }));
      await mkdir(path.dirname(path.resolve(parquetOut)), { recursive: true });
      await writeFileAtomically(parquetOut, written.bytes);
      const summary = { symbol, barSize, bars: written.bars, source: written.source, out: parquetOut };
      if (ctx.json) printJson(summary);
      else ctx.log.info(`Wrote ${summary.bars} ${barSize} bars of ${symbol} (${written.source}) to ${parquetOut} (Parquet)`);
      return;
    }
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
