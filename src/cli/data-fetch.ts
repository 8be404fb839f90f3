import { defineCommand } from "citty";
import { systemClock } from "../adapters/clock/system-clock.ts";
import { IbConnection } from "../adapters/ib/connection/connection.ts";
import { HistoricalPacer } from "../adapters/ib/requests/pacer.ts";
import { IB_BAR_SIZES, parseBarSize } from "../adapters/ib/parse/bar-size.ts";
import { formatDuration, parseDuration } from "../adapters/ib/parse/duration.ts";
import { closeOnSignals } from "../adapters/ib/connection/shutdown.ts";
import { symbolArg } from "./_series-args.ts";
import { fetchHistoryToStore } from "../app/data/fetch.ts";
import { databasePath, withStore } from "../app/data/store.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg } from "./data-args.ts";

const day = (ms: number | undefined) => (ms === undefined ? "-" : new Date(ms).toISOString().slice(0, 10));

export default defineCommand({
  meta: {
    name: "fetch",
    description: "Download historical bars from TWS / IB Gateway into the store: paced, chunked, resumable (stored bars are not fetched again)",
  },
  args: {
    ...commonArgs,
    symbols: { type: "string", description: "Comma-separated tickers, e.g. AAPL,MSFT (default: configured symbols)" },
    duration: { type: "string", description: 'How far back, IB style: "5 Y", "30 D", "3600 S"', default: "1 Y" },
    "bar-size": { type: "string", description: 'IB bar size ("1 day", "5 mins", "1 hour") or ours (1d, 5m, 1h)', default: "1 day" },
    replace: { type: "boolean", description: "Overwrite stored bars whose values differ from IB's (else such chunks are refused and reported)" },
    host: { type: "string", description: "Gateway host (default: gateway.host)" },
    port: { type: "string", description: "Gateway port (default: gateway.port)" },
    "client-id": { type: "string", description: "API client id (default: gateway.client_id)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const barSize = parseBarSize(args["bar-size"] ?? "1 day");
    if (!barSize) throw new UserError(`--bar-size: expected one of ${IB_BAR_SIZES.map((b) => `"${b}"`).join(", ")} (or 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d, 1w), got "${args["bar-size"]}"`);
    const duration = parseDuration(args.duration ?? "1 Y");
    if (!duration) throw new UserError(`--duration: expected a count and a unit S, D, W, M or Y like "5 Y" or "30 D", got "${args.duration}"`);
    const ctx = await commandContext(
      args,
      { "gateway.host": args.host, "gateway.port": args.port, "gateway.clientId": args["client-id"], dataDir: args["data-dir"] },
      { "gateway.host": "--host", "gateway.port": "--port", "gateway.clientId": "--client-id", dataDir: "--data-dir" },
    );
    const symbols = args.symbols !== undefined ? args.symbols.split(",").filter((s) => s.trim() !== "").map((s) => symbolArg(s, "--symbols")) : [...ctx.config.symbols];
    if (symbols.length === 0) throw new UserError(`--symbols: expected comma-separated tickers like AAPL,MSFT, got "${args.symbols}"`);

    const { gateway } = ctx.config;
    const conn = new IbConnection({ host: gateway.host, port: gateway.port, clientId: gateway.clientId, handshakeTimeoutMs: gateway.handshakeTimeoutMs, startAttempts: 3, log: ctx.log });
    const signals = closeOnSignals(() => conn.close());
    try {
      const started = await conn.start();
      if (signals.signal.aborted) return;
      if (!started.ok) {
        // Not a usage error (exit 2) but the gateway being away: exit 1, as run does.
        const message = `cannot connect to TWS / IB Gateway at ${gateway.host}:${gateway.port} (${started.error.message})`;
        const fix = `run 'robotrader diagnose-gateway --port ${gateway.port}' for the cause and the fix; nothing was fetched, the store is unchanged`;
        ctx.log.error(`data fetch: ${message}\n  fix: ${fix}`);
        if (ctx.json) printJson({ error: "gateway-unavailable", message, fix });
        process.exitCode = 1;
        return;
      }
      ctx.log.info(`fetching ${symbols.length} symbol(s), ${formatDuration(duration)} of ${args["bar-size"]} bars into ${databasePath(ctx.config)}`);
      const results = await withStore(ctx.config, (db) =>
        fetchHistoryToStore({ conn, pacer: new HistoricalPacer(systemClock), db, symbols, barSize, duration, replace: Boolean(args.replace), now: Date.now(), signal: signals.signal, log: ctx.log }),
      );
      const failed = results.filter((r) => r.error !== undefined || r.interrupted);
      const resume = failed.some((r) => r.interrupted) || results.length < symbols.length;
      if (failed.length > 0 || results.length < symbols.length) process.exitCode = process.exitCode || 1;
      if (ctx.json) {
        printJson({ database: databasePath(ctx.config), barSize, duration: formatDuration(duration), symbols: results.map((r) => ({ ...r, first: r.first ?? null, last: r.last ?? null, error: r.error ?? null })) });
        return;
      }
      printText(
        formatTable(
          ["symbol", "requests", "received", "new", "already", "stored from", "to", "status"],
          results.map((r) => [r.symbol, String(r.requests), String(r.received), String(r.inserted), String(r.unchanged), day(r.first), day(r.last), r.interrupted ? "interrupted" : (r.error ?? "ok")]),
        ),
      );
      const notStarted = symbols.slice(results.length);
      if (resume) printText(`interrupted${notStarted.length > 0 ? ` before ${notStarted.join(", ")}` : ""}; the bars saved so far stay, run the same command again to resume`);
    } finally {
      signals.dispose();
      await conn.close();
    }
  },
});
