import { maskSecret } from "../../../log/mask.ts";
import type { Logger } from "../../../log/logger.ts";
import { IbConnection } from "../connection/connection.ts";
import { requestCurrentTime } from "../requests/current-time.ts";
import type { HandshakeFailure } from "../connection/handshake.ts";
import { fetchHistoricalBars } from "../data/historical.ts";
import { systemClock } from "../../clock/system-clock.ts";
import { HistoricalPacer } from "../requests/pacer.ts";
import { reloginNotice } from "../connection/maintenance.ts";
import { check, type CheckResult } from "./types.ts";

export interface ApiProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly timeoutMs: number;
  readonly mode: "paper" | "live";
  /** How long to wait for farm notices after connect (TWS sends them at once). */
  readonly farmSettleMs?: number;
  readonly log?: Logger;
}

const LIVE_PORTS = new Set([4001, 7496]);
const PAPER_PORTS = new Set([4002, 7497]);
const SKEW_WARN_MS = 10_000;

/** The API-level checks of diagnose-gateway over one short-lived, read-only session. */
export class ApiProbe {
  readonly #o: ApiProbeOptions;
  readonly #conn: IbConnection;
  #failure: HandshakeFailure | undefined;

  constructor(options: ApiProbeOptions) {
    this.#o = options;
    this.#conn = new IbConnection({
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      handshakeTimeoutMs: options.timeoutMs,
      startAttempts: 1,
      heartbeatMs: 3_600_000,
      ...(options.log ? { log: options.log } : {}),
    });
    this.#conn.events.on("attemptFailed", (f) => (this.#failure = f));
  }

  /** Handshake, server version and clock, accounts, client id. Stops at the first failure. */
  async connect(): Promise<{ ok: boolean; checks: CheckResult[] }> {
    const { host, port, clientId, timeoutMs } = this.#o;
    const started = await this.#conn.start();
    const session = this.#conn.session;
    if (!started.ok || !session) {
      const f = this.#failure;
      if (f?.reason === "client-id-in-use") {
        return {
          ok: false,
          checks: [
            check("handshake", "ok", `the API answered in ${f.elapsedMs} ms`),
            check("client-id", "fail", `client id ${clientId} is already in use (IB error 326)`, {
              fix: `use another --client-id (e.g. ${clientId + 1}), or close the other program connected with client id ${clientId}; gateway.client_id in robotrader.toml sets the default`,
              verdict: "client-id-in-use",
            }),
          ],
        };
      }
      const detail = f ? `${f.message} (${f.elapsedMs} ms)` : started.ok ? "no session" : started.error.message;
      return {
        ok: false,
        checks: [
          check("handshake", "fail", detail, {
            fix: f?.reason === "bad-server"
              ? `the program on ${host}:${port} is not TWS / IB Gateway: check --port`
              : `in TWS / IB Gateway: Configure > API > Settings > tick "Enable ActiveX and Socket Clients", add this machine to "Trusted IPs" (or untick "Allow connections from localhost only" for remote hosts), look for a hidden confirmation dialog behind other windows, and restart TWS / IB Gateway if zombie sessions pile up (see close-wait); --timeout-ms ${timeoutMs} can be raised for slow machines`,
            verdict: "handshake-timeout",
          }),
        ],
      };
    }
    const checks: CheckResult[] = [check("handshake", "ok", `API ready in ${session.elapsedMs} ms`)];
    checks.push(await this.#serverCheck());
    checks.push(this.#accountsCheck(session.accounts));
    checks.push(check("client-id", "ok", `client id ${session.clientId} accepted`));
    return { ok: !checks.some((c) => c.status === "fail"), checks };
  }

  async #serverCheck(): Promise<CheckResult> {
    const session = this.#conn.session!;
    const sentAt = Date.now();
    const time = await requestCurrentTime(this.#conn, this.#o.timeoutMs);
    const version = `server version ${session.serverVersion}, connection time "${session.connectionTime}"`;
    if (!time.ok) return check("server", "warn", `${version}; current time not answered: ${time.error.message}`);
    const skew = Math.round(time.value * 1000 - (sentAt + Date.now()) / 2);
    const detail = `${version}; clock skew ${skew >= 0 ? "+" : ""}${(skew / 1000).toFixed(1)} s (server minus local)`;
    const relogin = reloginNotice(Date.now());
    if (relogin) return check("server", "warn", `${detail}; ${relogin}`, { fix: "log in to TWS / IB Gateway when IB asks (weekly, with 2FA); robotrader reconnects by itself afterwards" });
    if (Math.abs(skew) > SKEW_WARN_MS) {
      return check("server", "warn", detail, { fix: "synchronise this machine's clock (Linux: timedatectl set-ntp true; macOS: Date & Time > set automatically); bar times and order timestamps depend on it" });
    }
    return check("server", "ok", detail);
  }

  #accountsCheck(accounts: readonly string[]): CheckResult {
    const { port, mode } = this.#o;
    const shown = accounts.map(maskSecret).join(", ") || "none";
    if (accounts.length === 0) return check("accounts", "warn", "the gateway named no managed accounts", { fix: "log in to TWS / IB Gateway with a trading user" });
    const paper = accounts.every((a) => a.startsWith("DU"));
    const kind = paper ? "paper" : "live";
    const detail = `${accounts.length} account(s): ${shown} (${kind})`;
    if ((paper && LIVE_PORTS.has(port)) || (!paper && PAPER_PORTS.has(port))) {
      return check("accounts", "fail", `${detail}, but port ${port} is a ${paper ? "live" : "paper"} port`, { fix: "the gateway on this port is logged in with the other kind of account: check which TWS / Gateway listens here", verdict: "port-mode-mismatch" });
    }
    if (kind !== mode) {
      return check("accounts", "fail", `${detail}, but mode = "${mode}"`, { fix: `set mode = "${kind}" in robotrader.toml, or connect to the ${mode} gateway`, verdict: "port-mode-mismatch" });
    }
    return check("accounts", "ok", detail);
  }

  /** Waits briefly for farm notices; broken market-data or historical farms fail. */
  async farms(): Promise<CheckResult> {
    const settle = this.#o.farmSettleMs ?? 1000;
    const seen = () => this.#conn.farms.list().filter((f) => f.kind === "market-data" || f.kind === "historical").length >= 2;
    const end = Date.now() + settle;
    while (!seen() && Date.now() < end && this.#conn.isReady) await new Promise((r) => setTimeout(r, 25));
    const farms = this.#conn.farms.list();
    if (this.#conn.state === "paused") {
      const text = farms.map((f) => `${f.farm} (${f.kind}) ${f.state}`).join(", ");
      return check("farms", "fail", `IB 1100: TWS / IB Gateway has lost its connection to IB's servers and not yet regained it (no 1101/1102)${text ? `; last farm notices: ${text}` : ""}`, {
        fix: "wait: TWS / IB Gateway reconnects by itself (during IB's nightly reset, about 23:45-00:45 New York, this is expected); if it lasts, check the internet link of the machine running TWS / IB Gateway and its connection indicator, then restart it",
        verdict: "farm-down",
      });
    }
    if (farms.length === 0) return check("farms", "ok", `no farm notices within ${settle} ms (TWS sends them only when a farm changes or at login)`);
    const text = farms.map((f) => `${f.farm} (${f.kind}) ${f.state}`).join(", ");
    const broken = this.#conn.farms.broken().filter((f) => f.kind !== "sec-def");
    if (broken.length > 0) {
      return check("farms", "fail", text, { fix: "IB's data farms are down or unreachable from TWS: wait a few minutes (they usually recover), check TWS's connection indicator and your internet link; nothing to change in robotrader", verdict: "farm-down" });
    }
    return check("farms", "ok", text);
  }

  /** A small daily-bar request for `symbol`. */
  async historical(symbol: string): Promise<CheckResult> {
    const pacer = new HistoricalPacer(systemClock);
    const r = await fetchHistoricalBars(this.#conn, pacer, { symbol, barSize: "1d", duration: { count: 5, unit: "D" }, timeoutMs: Math.max(this.#o.timeoutMs, 10_000) });
    if (!r.ok) {
      const code = r.error.code ? `IB ${r.error.code}: ` : "";
      return check("historical", "fail", `${symbol} daily bars: ${code}${r.error.message}`, {
        fix: r.error.code === 200
          ? `IB does not know ${symbol} as a US stock on SMART: check --symbol`
          : r.error.code === 354 || r.error.code === 10089 || r.error.code === 10090
            ? "subscribe to US market data in IB's Client Portal (Settings > Market Data Subscriptions)"
            : "check market-data permissions for this symbol and that the historical farm (HMDS) is OK; retry in a minute if it was a pacing error (162)",
        verdict: "no-market-data",
      });
    }
    const last = r.value.bars.at(-1);
    if (!last) return check("historical", "fail", `${symbol} daily bars: IB answered with no bars`, { fix: "check market-data permissions for this symbol", verdict: "no-market-data" });
    return check("historical", "ok", `${symbol}: ${r.value.bars.length} daily bars, last ${new Date(last.time).toISOString().slice(0, 10)} close ${last.close}`);
  }

  close(): Promise<void> {
    return this.#conn.close();
  }
}
