import { defineCommand } from "citty";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { runControl, symbolArg, waitArg } from "./_control.ts";
import { dataDirArg } from "./data-args.ts";

export default defineCommand({
  meta: { name: "close", description: "Flatten a position (or --all) through the running runner: one market order, under the risk rules, never twice" },
  args: {
    ...commonArgs,
    symbol: { type: "positional", description: "The symbol to close (or --all)", required: false },
    all: { type: "boolean", description: "Close every open position" },
    ...waitArg,
    ...dataDirArg,
  },
  async run({ args }) {
    if (args.all && args.symbol) throw new UserError("give a SYMBOL or --all, not both");
    if (!args.all && !args.symbol) throw new UserError("which position? 'robotrader close AAPL' or 'robotrader close --all'");
    await runControl(args, { kind: "close", symbol: args.all ? null : symbolArg(args.symbol, "SYMBOL") });
  },
});
