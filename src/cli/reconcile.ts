import { defineCommand } from "citty";
import { withStore } from "../app/data/store.ts";
import { acceptBrokerMismatch } from "../app/reconcile/accept.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";
import { formatPrice } from "./_price.ts";
import { dataDirArg } from "./data-args.ts";

const accept = defineCommand({
  meta: {
    name: "accept",
    description: "Resolve a reported position mismatch or order in doubt: take IB's position (asked for now) as the truth, give up the symbol's orders in doubt; the runner must be stopped",
  },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "The mismatched symbol (as `status` lists it)", required: true },
    reason: { type: "string", description: "Why IB's position is right (recorded with the change)" },
    host: { type: "string", description: "Gateway host (default: gateway.host)" },
    port: { type: "string", description: "Gateway port (default: gateway.port)" },
    "client-id": { type: "string", description: "API client id (default: gateway.client_id)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const ctx = await commandContext(
      args,
      { "gateway.host": args.host, "gateway.port": args.port, "gateway.clientId": args["client-id"], dataDir: args["data-dir"] },
      { "gateway.host": "--host", "gateway.port": "--port", "gateway.clientId": "--client-id", dataDir: "--data-dir" },
    );
    const symbol = String(args.symbol ?? "").trim();
    if (!/^[A-Za-z][A-Za-z0-9.]{0,9}$/.test(symbol)) throw new UserError(`--symbol: expected a ticker like AAPL, got '${symbol}'`);
    const reason = args.reason?.trim() || "accepted with 'robotrader reconcile accept'";
    const result = await withStore(ctx.config, (db) => acceptBrokerMismatch({ config: ctx.config, db, symbol, reason, log: ctx.log, now: Date.now() }));
    if ("error" in result) {
      // The gateway being away is not a usage error (exit 2): exit 1, as data fetch does.
      ctx.log.error(`reconcile accept: ${result.error}\n  fix: ${result.fix}`);
      if (args.json) printJson({ error: "gateway-unavailable", message: result.error, fix: result.fix });
      process.exitCode = 1;
      return;
    }
    const p = result.position;
    if (args.json) printJson({ symbol: p.symbol, qty: p.qty, avgCost: p.avgCost.toString(), before: result.before, account: result.account, givenUp: result.givenUp });
    else {
      printText(`${p.symbol}: stored position ${result.before} -> ${p.qty} @ ${formatPrice(p.avgCost)} (IB's, account ${result.account}); the next run reconciles at start and trades ${p.symbol} again if they agree`);
      for (const key of result.givenUp) printText(`order ${key} given up (failed): it was in doubt and is never sent again; a late execution of it is still recorded`);
    }
  },
});

export default defineCommand({
  meta: { name: "reconcile", description: "Resolve reconciliation problems between the database and IB" },
  subCommands: { accept },
});
