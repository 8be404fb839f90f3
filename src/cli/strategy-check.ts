import path from "node:path";
import { defineCommand } from "citty";
import { checkStrategyFile } from "../app/strategy/check.ts";
import { commonArgs } from "./_args.ts";
import { parseSet } from "./_set-flag.ts";
import { printJson, printText } from "./_output.ts";

export default defineCommand({
  meta: { name: "check", description: "Load a strategy file, check its parameters, run it on the embedded SPX; problems with file:line (exit 2)" },
  args: {
    ...commonArgs,
    file: { type: "positional", description: "The strategy file (.ts or .js)", required: true },
    set: { type: "string", description: "Parameters to check with instead of the defaults: name=value,name=value" },
  },
  async run({ args }) {
    const report = await checkStrategyFile(args.file, parseSet(args.set));
    if (!report.ok) process.exitCode = 2;
    if (args.json) {
      printJson(report);
      return;
    }
    const lines: string[] = [];
    if (report.name !== null) lines.push(`${report.file}: strategy ${report.name} (${report.kind})${report.params ? ` ${JSON.stringify(report.params)}` : ""}`);
    for (const p of report.problems) lines.push(`${p.where ? `${p.where}: ` : ""}error: ${p.message}`);
    if (report.bars > 0) lines.push(`ran on ${report.bars} bars of SPX: ${report.fills} fills, ${report.trades} trades`);
    for (const n of report.notes) lines.push(`note: ${n}`);
    // The loader strips types without checking them: say so, with the command that does.
    if (report.ok && /\.m?ts$/.test(args.file)) lines.push(`note: types are not checked here; with TypeScript: robotrader strategy types ${args.file} && tsc --noEmit -p ${path.dirname(args.file)}`);
    lines.push(report.ok ? "ok" : `${report.problems.length} problem(s)`);
    printText(lines.join("\n"));
  },
});
