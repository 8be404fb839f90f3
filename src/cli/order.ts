import { defineCommand } from "citty";
import type { ControlAction } from "../app/control/requests.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { runControl, symbolArg, waitArg } from "./_control.ts";
import { dataDirArg } from "./data-args.ts";

function price(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) throw new UserError(`${flag} must be a price above 0 like 187.25, got '${text}'`);
  return n;
}

export default defineCommand({
  meta: { name: "order", description: "Send a manual order through the running runner (strategy 'manual'), under the same risk rules: order buy|sell SYMBOL QTY [--limit P | --stop P]" },
  args: {
    ...commonArgs,
    side: { type: "positional", description: "buy or sell", required: true },
    symbol: { type: "positional", description: "Ticker, e.g. AAPL", required: true },
    qty: { type: "positional", description: "Whole shares, > 0", required: true },
    limit: { type: "string", description: "Limit price (a limit order; default: market)" },
    stop: { type: "string", description: "Stop price (a stop order)" },
    ...waitArg,
    ...dataDirArg,
  },
  async run({ args }) {
    const side = args.side?.toLowerCase();
    if (side !== "buy" && side !== "sell") throw new UserError(`the side must be buy or sell, got '${args.side}'`);
    const qty = Number(args.qty);
    if (!/^\d+$/.test(String(args.qty).trim()) || qty < 1) throw new UserError(`QTY must be a whole number of shares above 0, got '${args.qty}'`);
    const limit = price(args.limit, "--limit");
    const stop = price(args.stop, "--stop");
    if (limit !== undefined && stop !== undefined) throw new UserError("give --limit or --stop, not both (stop-limit orders are not supported)");
    const action: ControlAction = { kind: "order", side, symbol: symbolArg(args.symbol, "SYMBOL"), qty, ...(limit !== undefined ? { limit } : {}), ...(stop !== undefined ? { stop } : {}) };
    await runControl(args, action);
  },
});
