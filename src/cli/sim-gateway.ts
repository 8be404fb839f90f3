import { defineCommand } from "citty";
import type { SymbolBar } from "../core/bar.ts";
import { UserError } from "../core/errors.ts";
import { listData } from "../app/data/list.ts";
import { loadBars } from "../app/data/load-bars.ts";
import { withStore } from "../app/data/store.ts";
import { parseFaultArg, ReplayStartError, startSimGateway, type FaultSettings } from "../adapters/sim-gateway/index.ts";
import { faultForms } from "../adapters/sim-gateway/faults.ts";
import { defaultBars } from "../adapters/sim-gateway/market/universe.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { maskSecret } from "../log/mask.ts";
import { printJson } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

/** All values of a repeatable flag (citty keeps only one), in the order given. */
function repeated(rawArgs: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (a === `--${name}`) {
      const v = rawArgs[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UserError(`--${name} needs a value, e.g. --${name} slow-handshake=3`);
      out.push(v);
      i++;
    } else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out;
}

function number(value: string | undefined, flag: string, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UserError(`--${flag} must be ${expected}, got '${value}'`);
  return n;
}

export default defineCommand({
  meta: { name: "sim-gateway", description: "Run the TWS-API gateway simulator (real wire protocol) until Ctrl-C" },
  args: {
    ...commonArgs,
    ...dataDirArg,
    port: { type: "string", description: "TCP port (default 4002, the paper Gateway port; 0 = any free port)" },
    host: { type: "string", description: "Address to bind (default 127.0.0.1; binding beyond loopback exposes it)" },
    speed: { type: "string", description: "Replay speed multiplier (default 1 = real time; 60 = one session hour per minute)" },
    fault: { type: "string", description: `Inject a fault, repeatable: ${faultForms()} (S = seconds, N = shares per 5-second step, P = probability 0..1)` },
    account: { type: "string", description: "Paper account id to report (default DU1234567)" },
    cash: { type: "string", description: "Starting cash in USD (default 1000000)" },
    start: { type: "string", description: "First replayed day, YYYY-MM-DD or 'YYYY-MM-DD HH:MM' New York (default: 250 sessions before the data's end)" },
    store: { type: "boolean", description: "Replay daily bars stored in robotrader.db where present (else the embedded/simulated series)" },
  },
  async run({ args, rawArgs }) {
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const port = number(args.port, "port", (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a port number 0..65535") ?? 4002;
    const speed = number(args.speed, "speed", (n) => n > 0, "a number > 0") ?? 1;
    const cash = number(args.cash, "cash", (n) => n >= 0, "an amount >= 0");
    const account = args.account ?? "DU1234567";
    if (!/^D?U\d+$/.test(account)) throw new UserError(`--account must look like an IB account id (DU1234567), got '${account}'`);
    const faults: Partial<Record<keyof FaultSettings, number | boolean | string>> = {};
    for (const f of repeated(rawArgs, "fault")) {
      const parsed = parseFaultArg(f);
      if (!parsed.ok) throw new UserError(`--fault ${f}: ${parsed.message}`);
      faults[parsed.name] = parsed.value;
    }

    let bars: ((symbol: string) => readonly SymbolBar[] | undefined) | undefined;
    if (args.store) {
      const stored = new Map<string, SymbolBar[]>();
      await withStore(ctx.config, (db) => {
        for (const s of listData(db)) {
          if (s.barSize !== "1d" || s.source !== "store") continue;
          const loaded = loadBars({ db, symbol: s.symbol, barSize: "1d" });
          stored.set(s.symbol.toUpperCase(), loaded.bars.map((b) => ({ ...b, symbol: s.symbol.toUpperCase() })));
        }
      });
      ctx.log.info(`sim-gateway: replaying stored daily bars for ${stored.size} symbol(s): ${[...stored.keys()].join(", ") || "none"}`);
      bars = (symbol) => stored.get(symbol.toUpperCase()) ?? defaultBars(symbol);
    }

    const gateway = await startSimGateway({
      host: args.host ?? "127.0.0.1",
      port,
      speed,
      accountId: account,
      ...(cash !== undefined ? { startingCash: cash } : {}),
      ...(args.start ? { replayStart: args.start } : {}),
      ...(bars ? { bars } : {}),
      faults: faults as Partial<FaultSettings>,
      log: ctx.log,
    }).catch((err: unknown) => {
      if (err instanceof ReplayStartError) throw new UserError(`--start: ${err.message}`, { cause: err });
      const message = err instanceof Error ? err.message : String(err);
      throw new UserError(`sim-gateway: cannot listen on ${args.host ?? "127.0.0.1"}:${port}: ${message}`, { cause: err });
    });
    // Handlers first: a supervisor that sends SIGTERM as soon as it reads "listening" must not
    // kill the process before they are in place (that would skip closing the client sockets).
    const stopped = new Promise<string>((resolve) => {
      const stop = (signal: string) => {
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
        resolve(signal);
      };
      const onInt = () => stop("SIGINT");
      const onTerm = () => stop("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
    });
    // Masked like every account id robotrader prints; the logger alone misses short ids.
    const shownAccount = maskSecret(account);
    const info = { host: gateway.host, port: gateway.port, account: shownAccount, speed, marketTime: new Date(gateway.marketTime).toISOString(), faults };
    if (ctx.json) printJson(info);
    ctx.log.info(`sim-gateway: listening on ${gateway.host}:${gateway.port}, account ${shownAccount}, speed ${speed}x, market time ${info.marketTime}` + (Object.keys(faults).length ? `, faults ${JSON.stringify(faults)}` : ""));
    ctx.log.info("sim-gateway: SIMULATED market (replayed bars, synthesized intraday paths); Ctrl-C to stop");

    const signal = await stopped;
    ctx.log.info(`sim-gateway: ${signal} received, closing client sockets`);
    await gateway.close();
    ctx.log.info("sim-gateway: stopped");
  },
});
