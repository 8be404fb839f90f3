import { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { openWellKnownPorts, tcpProbe } from "../../adapters/ib/diagnose/tcp-probe.ts";
import { closeWaitCheck } from "../../adapters/ib/diagnose/zombie-check.ts";
import type { HandshakeFailure, Session } from "../../adapters/ib/connection/handshake.ts";
import { checkModeConsistency, isPaperAccount } from "../../config/port-mode.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { ConfigSource } from "../../config/source.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";

export type BrokerKind = "paper" | "ibkr";

/** The gateway is down or refuses us: exit 1 (a config problem is a UserError, exit 2). */
export class GatewayUnavailable extends Error {
  override readonly name = "GatewayUnavailable";
  readonly fix: string | undefined;
  constructor(message: string, fix?: string) {
    super(message);
    this.fix = fix;
  }
}

export interface PreflightOptions {
  readonly config: AppConfig;
  readonly sources?: ReadonlyMap<string, ConfigSource>;
  readonly broker: BrokerKind;
  readonly live: boolean;
  /** The in-process simulator: its port is ephemeral, so the port/mode check does not apply. */
  readonly sim: boolean;
  /** --replay-clock: market time from a replaying gateway's bars (simulator only). */
  readonly replayClock?: boolean;
  readonly log: Logger;
}

/** Checks that need no connection: mode vs port and account, and the first two of live's three yeses. */
export function checkRunConfig(o: PreflightOptions): void {
  const { config } = o;
  if (o.sim && config.mode === "live") throw new UserError(`--sim trades the simulator's paper account, but mode = "live"; set mode = "paper" (or ROBOTRADER_MODE=paper)`);
  const problems = checkModeConsistency(config, o.sources).filter((p) => !(o.sim && p.kind !== "account-mode-mismatch"));
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new UserError(`run refused: ${errors.map((p) => p.message).join("; ")}`);
  for (const p of problems) o.log.warn(p.message);
  if (o.live && o.broker !== "ibkr") throw new UserError("--live routes orders to a real-money IB account and needs --broker ibkr");
  if (o.broker === "ibkr" && config.mode === "live") {
    if (!o.live) throw new UserError(`mode = "live" sends real-money orders: add --live to confirm (DESIGN.md invariant 4: config mode, --live, and the account id must all agree)`);
    if (config.gateway.accountId === undefined) throw new UserError(`a live run needs gateway.account_id in robotrader.toml, to check against the account the gateway reports`);
  }
  if (o.live && config.mode !== "live") throw new UserError(`--live needs mode = "live" in robotrader.toml (it is "${config.mode}")`);
  if (o.replayClock) {
    if (o.sim) throw new UserError("--replay-clock is for a robotrader sim-gateway in another process; --sim already follows its own simulator's clock");
    if (o.live || config.mode === "live") throw new UserError(`--replay-clock takes market time from a simulator replaying past days; it cannot be used with mode = "live" or --live`);
  }
}

export interface Connected {
  readonly conn: IbConnection;
  readonly session: Session;
  /** The account orders and positions belong to (the broker's, for --broker ibkr). */
  readonly account: string;
}

/**
 * The short form of diagnose-gateway before anything trades: TCP, API handshake, accounts
 * (live's third yes: the broker's account equals the configured one), CLOSE_WAIT sockets
 * (warning). Returns the runner's own connection, or throws GatewayUnavailable saying why.
 */
export async function connectVerified(o: PreflightOptions & { readonly host: string; readonly port: number; readonly clientId: number; readonly heartbeatMs?: number }): Promise<Connected> {
  const { config, log, host, port } = o;
  const timeoutMs = config.gateway.handshakeTimeoutMs;
  const tcp = await tcpProbe(host, port, timeoutMs);
  if (!tcp.open) {
    const open = (await openWellKnownPorts(host)).filter((p) => p.port !== port);
    const elsewhere = open.length > 0 ? `; IB API ports open on ${host}: ${open.map((p) => `${p.port} (${p.app})`).join(", ")}` : "";
    throw new GatewayUnavailable(`no gateway at ${host}:${port}: ${tcp.message}${elsewhere}`, `start TWS or IB Gateway, log in and enable the API on port ${port}; 'robotrader diagnose-gateway' explains more`);
  }
  let failure: HandshakeFailure | undefined;
  const conn = new IbConnection({ host, port, clientId: o.clientId, handshakeTimeoutMs: timeoutMs, startAttempts: 2, allowOrders: o.broker === "ibkr", log, backoff: { baseMs: 200, maxMs: 1000 },
    // The simulator has no weekly re-login; warning about one there means nothing.
    reloginNotice: !o.sim && !o.replayClock, ...(o.heartbeatMs !== undefined ? { heartbeatMs: o.heartbeatMs } : {}) });
  conn.events.on("attemptFailed", (f) => (failure = f));
  const started = await conn.start();
  const session = conn.session;
  if (!started.ok || !session) {
    await conn.close();
    const why = failure ? `${failure.reason}: ${failure.message}` : started.ok ? "no session" : started.error.message;
    throw new GatewayUnavailable(`the gateway at ${host}:${port} did not complete the API handshake (${why})`, "run 'robotrader diagnose-gateway' for the cause and its fix");
  }
  try {
    const account = chooseAccount(o, session.accounts);
    const zombies = closeWaitCheck(port);
    if (zombies.status === "fail" || zombies.status === "warn") log.warn(`${zombies.detail}${zombies.fix ? ` (fix: ${zombies.fix})` : ""}`);
    return { conn, session, account };
  } catch (error) {
    await conn.close();
    throw error;
  }
}

function chooseAccount(o: PreflightOptions, accounts: readonly string[]): string {
  const configured = o.config.gateway.accountId;
  if (accounts.length === 0) throw new GatewayUnavailable("the gateway reported no managed accounts", "log in to TWS / IB Gateway with a trading account");
  if (configured !== undefined && !accounts.includes(configured)) {
    throw new UserError(`the gateway does not manage the configured gateway.account_id (it reports ${accounts.length} other account(s)); check robotrader.toml or the login`);
  }
  const account = configured ?? accounts[0]!;
  if (o.broker !== "ibkr") return account;
  if (o.config.mode === "paper" && !isPaperAccount(account)) {
    throw new UserError(`mode = "paper" but the gateway's account is a live (real-money) account; log in with the paper account (DU...) or follow the live procedure (mode = "live", --live, gateway.account_id)`);
  }
  if (o.config.mode === "live" && isPaperAccount(account)) throw new UserError(`mode = "live" but the gateway's account is a paper account (DU...); set mode = "paper"`);
  if (configured === undefined && accounts.length > 1) {
    throw new UserError(`the gateway manages ${accounts.length} accounts; set gateway.account_id in robotrader.toml to choose the one to trade`);
  }
  return account;
}
