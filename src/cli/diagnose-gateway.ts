import { defineCommand } from "citty";
import { diagnoseGateway, formatReport, reportJson, type DiagnoseOptions } from "../app/diagnose/diagnose.ts";
import { watchGateway } from "../app/diagnose/watch.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { printJson, printText } from "./_output.ts";

const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;

export default defineCommand({
  meta: {
    name: "diagnose-gateway",
    description: "Tell why the TWS / IB Gateway API does not answer, with the fix (alias: diagnose). Exit 0 only for verdict ok",
  },
  args: {
    ...commonArgs,
    host: { type: "string", description: "Gateway host (default: gateway.host, 127.0.0.1)" },
    port: { type: "string", description: "Gateway port (default: gateway.port; 4002 Gateway paper, 7497 TWS paper, 4001/7496 live)" },
    "client-id": { type: "string", description: "API client id for the probe (default: gateway.client_id)" },
    symbol: { type: "string", description: "Contract for the historical-data probe (default: first configured symbol)" },
    "timeout-ms": { type: "string", description: "Handshake timeout in ms (default: gateway.handshake_timeout_ms, 5000)" },
    watch: { type: "string", description: "Repeat every N seconds and print what changes (connection monitor; with --json one JSON object per line); Ctrl-C stops" },
  },
  async run({ args }) {
    const ctx = await commandContext(
      args,
      { "gateway.host": args.host, "gateway.port": args.port, "gateway.clientId": args["client-id"], "gateway.handshakeTimeoutMs": args["timeout-ms"] },
      { "gateway.host": "--host", "gateway.port": "--port", "gateway.clientId": "--client-id", "gateway.handshakeTimeoutMs": "--timeout-ms" },
    );
    const symbol = (args.symbol ?? ctx.config.symbols[0] ?? "AAPL").toUpperCase();
    if (!SYMBOL.test(symbol)) throw new UserError(`--symbol: expected a ticker like AAPL or BRK.B, got "${args.symbol}"`);
    let watchS: number | undefined;
    if (args.watch !== undefined) {
      watchS = Number(args.watch);
      if (!Number.isFinite(watchS) || watchS < 1) throw new UserError(`--watch: expected a number of seconds >= 1, got "${args.watch}"`);
    }
    const { gateway } = ctx.config;
    const options: DiagnoseOptions = {
      host: gateway.host,
      port: gateway.port,
      clientId: gateway.clientId,
      timeoutMs: gateway.handshakeTimeoutMs,
      mode: ctx.config.mode,
      symbol,
      ...(ctx.sources ? { sources: ctx.sources } : {}),
      // A monitor prints changes only; each probe's own connect/re-login lines would repeat every N s.
      ...(watchS === undefined || args.verbose ? { log: ctx.log } : {}),
    };

    if (watchS === undefined) {
      const report = await diagnoseGateway(options);
      if (ctx.json) printJson(reportJson(report));
      else printText(formatReport(report));
      process.exitCode = report.verdict === "ok" ? 0 : 1;
      return;
    }

    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      ctx.log.info(`watching ${gateway.host}:${gateway.port} every ${watchS} s; Ctrl-C stops`);
      const last = await watchGateway(options, watchS * 1000, stop.signal, (report, changes) => {
        if (ctx.json) {
          printText(JSON.stringify({ at: new Date().toISOString(), changes, ...reportJson(report) }));
          return;
        }
        if (changes.length === 0) return;
        printText(`${new Date().toISOString()}  ${changes.join("; ")}`);
        if (report.verdict !== "ok") printText(formatReport(report));
      });
      process.exitCode = last?.verdict === "ok" ? 0 : 1;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
});
