import path from "node:path";
import { defineCommand } from "citty";
import { barsOf, checkStrategyFile, type CheckBars } from "../app/strategy/check.ts";
import { commonArgs } from "./_args.ts";
import { BAR_SOURCE_ARGS, barSourceGiven, barSourceRequest } from "./bar-source-args.ts";
import { commandContext } from "./_context.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";
import { parseSet } from "./_set-flag.ts";
import { printJson, printText } from "./_output.ts";

export default defineCommand({
  meta: { name: "check", description: "Load a strategy file, check its parameters, run it on the embedded SPX (or --symbol/--data bars); problems with file:line (exit 2)" },
  args: {
    ...commonArgs,
    file: { type: "positional", description: "The strategy file (.ts or .js)", required: true },
    set: { type: "string", description: "Parameters to check with instead of the defaults: name=value,name=value" },
    ...BAR_SOURCE_ARGS,
    ...dataDirArg,
  },
  async run({ args }) {
    const bars = barSourceGiven(args) ? await loadBars(args) : undefined;
    const report = await checkStrategyFile(args.file, parseSet(args.set), bars);
    if (!report.ok) process.exitCode = 2;
    if (args.json) {
      printJson(report);
      return;
    }
    const lines: string[] = [];
    if (report.name !== null) lines.push(`${report.file}: strategy ${report.name} (${report.kind})${report.params ? ` ${JSON.stringify(report.params)}` : ""}`);
    for (const p of report.problems) lines.push(`${p.where ? `${p.where}: ` : ""}error: ${p.message}`);
    const on = bars ? `${barsOf(bars.series.map((s) => s.symbol))}${bars.barSize === "1d" ? "" : ` (${bars.barSize})`}` : "SPX";
    if (report.bars > 0) lines.push(`ran on ${report.bars} bars of ${on}: ${report.fills} fills, ${report.trades} trades`);
    for (const n of report.notes) lines.push(`note: ${n}`);
    // The loader strips types without checking them: say so, with the command that does.
    if (report.ok && /\.m?ts$/.test(args.file)) lines.push(`note: types are not checked here; with TypeScript: robotrader strategy types ${args.file} && tsc --noEmit -p ${path.dirname(args.file)}`);
    lines.push(report.ok ? "ok" : `${report.problems.length} problem(s)`);
    printText(lines.join("\n"));
  },
});

/** The bars named by the flags, loaded as backtest loads them (store, embedded SPX, --data files, --catalog). */
async function loadBars(args: Parameters<typeof barSourceRequest>[0] & { readonly "data-dir"?: string | undefined; readonly json?: boolean | undefined }): Promise<CheckBars> {
  const request = barSourceRequest(args);
  const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
  // Loaded only when asked for: a check of the embedded SPX does not pay for the loaders.
  const { loadAll } = await import("../app/backtest/backtest-bars.ts");
  return { series: await loadAll(ctx.config, request, undefined, false), barSize: request.barSize };
}
