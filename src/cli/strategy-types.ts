import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { defineCommand } from "citty";
import { writeStrategyTypes } from "../app/strategy/types-file.ts";
import { commonArgs } from "./_args.ts";
import { printJson, printText } from "./_output.ts";

export default defineCommand({
  meta: { name: "types", description: "Write robotrader.d.ts and valibot.d.ts (and a tsconfig.json if none) for editor completion in strategy files" },
  args: {
    ...commonArgs,
    where: { type: "positional", description: "A strategy file (written beside it) or a folder (default: the current folder)", required: false },
  },
  async run({ args }) {
    const where = args.where ?? ".";
    const dir = existsSync(where) && statSync(where).isFile() ? path.dirname(where) : where;
    const written = await writeStrategyTypes(path.resolve(dir));
    if (args.json) printJson(written);
    else {
      const lines = written.files.map((f) => `wrote ${path.relative(process.cwd(), f) || f}`);
      if (written.keptTsconfig) lines.push(`kept the existing tsconfig.json: map "robotrader" to ./robotrader.d.ts in its compilerOptions.paths`);
      printText(lines.join("\n"));
    }
  },
});
