import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { defineCommand } from "citty";
import { strategyTemplate } from "../app/strategy/template.ts";
import { UserError } from "../core/errors.ts";
import { STRATEGY_NAME } from "../strategy/check-definition.ts";
import { strategyNames } from "../strategy/registry.ts";
import { commonArgs } from "./_args.ts";
import { printJson, printText } from "./_output.ts";

export default defineCommand({
  meta: { name: "new", description: "Write NAME.ts: a commented strategy that runs as is (edit it, then --strategy ./NAME.ts)" },
  args: {
    ...commonArgs,
    name: { type: "positional", description: "Strategy name: lower-case words joined by '-', e.g. my-rsi", required: true },
    out: { type: "string", description: "File to write (default ./NAME.ts)" },
    force: { type: "boolean", description: "Overwrite an existing file" },
  },
  async run({ args }) {
    const name = args.name;
    if (!STRATEGY_NAME.test(name) || name.length > 40) {
      throw new UserError(`strategy name must be lower-case words joined by '-' (at most 40 characters), e.g. my-rsi; got '${name}'`);
    }
    if (strategyNames().includes(name)) throw new UserError(`'${name}' is a built-in strategy's name; choose another`);
    const file = path.resolve(args.out ?? `${name}.ts`);
    if (existsSync(file) && !args.force) throw new UserError(`${file} already exists (--force overwrites it)`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, strategyTemplate(name));
    if (args.json) printJson({ file, name });
    else {
      const shown = path.relative(process.cwd(), file) || file;
      printText(
        [
          `wrote ${shown}`,
          `  robotrader strategy check ./${shown}`,
          `  robotrader backtest --strategy ./${shown}`,
          `  robotrader strategy types   (editor completion: robotrader.d.ts, valibot.d.ts, tsconfig.json)`,
        ].join("\n"),
      );
    }
  },
});
