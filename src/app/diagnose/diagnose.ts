import { ApiProbe } from "../../adapters/ib/diagnose/api-probe.ts";
import { openWellKnownPorts, tcpProbe } from "../../adapters/ib/diagnose/tcp-probe.ts";
import { check, type CheckId, type CheckResult, type Verdict } from "../../adapters/ib/diagnose/types.ts";
import { closeWaitCheck } from "../../adapters/ib/diagnose/zombie-check.ts";
import { checkPortMode, withSources } from "../../config/port-mode.ts";
import type { ConfigSource } from "../../config/source.ts";
import type { Logger } from "../../log/logger.ts";

export interface DiagnoseOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly timeoutMs: number;
  readonly mode: "paper" | "live";
  /** Contract for the historical-data probe. */
  readonly symbol: string;
  readonly farmSettleMs?: number;
  readonly log?: Logger;
  /** Where mode and port came from (config keys to sources), so a config problem names the flag, env or file line to change. */
  readonly sources?: ReadonlyMap<string, ConfigSource>;
  /** Ctrl-C in --watch: ends a probe in flight at once (its socket closed), remaining checks skipped. */
  readonly signal?: AbortSignal;
}

export interface DiagnoseReport {
  readonly verdict: Verdict;
  readonly checks: readonly CheckResult[];
}

const ORDER: readonly CheckId[] = ["config", "tcp", "handshake", "server", "accounts", "client-id", "close-wait", "farms", "historical"];

/** The verdict is the first failing check's; all ok (warnings included) is "ok". */
export function verdictOf(checks: readonly CheckResult[]): Verdict {
  return checks.find((c) => c.status === "fail")?.verdict ?? "ok";
}

function withSkips(checks: CheckResult[], why: string): CheckResult[] {
  const done = new Set(checks.map((c) => c.id));
  return [...checks, ...ORDER.filter((id) => !done.has(id)).map((id) => check(id, "skip", `not run: ${why}`))];
}

/**
 * Why the TWS / IB Gateway API does not answer, checked in order: config port vs mode, TCP,
 * API handshake, server version and clock, accounts, client id, CLOSE_WAIT sockets, data
 * farms, a historical-data probe. It stops guessing once a check explains the failure, and
 * never touches (let alone kills) the gateway.
 */
export async function diagnoseGateway(o: DiagnoseOptions): Promise<DiagnoseReport> {
  const checks: CheckResult[] = [];
  const finish = (why?: string): DiagnoseReport => {
    const all = (why ? withSkips(checks, why) : checks).sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
    return { verdict: verdictOf(all), checks: all };
  };

  const found = checkPortMode(o.mode, o.port);
  const portProblem = found && o.sources ? withSources(found, o.sources) : found;
  if (portProblem?.kind === "port-mode-mismatch") {
    checks.push(check("config", "fail", portProblem.message, { fix: `use --port ${o.mode === "paper" ? "4002 (Gateway) or 7497 (TWS)" : "4001 (Gateway) or 7496 (TWS)"}, or change mode in robotrader.toml`, verdict: "port-mode-mismatch" }));
  } else if (portProblem) {
    checks.push(check("config", "warn", portProblem.message));
  } else {
    checks.push(check("config", "ok", `mode ${o.mode}, port ${o.port}, client id ${o.clientId}`));
  }

  const tcp = await tcpProbe(o.host, o.port, o.timeoutMs);
  if (!tcp.open) {
    const open = await openWellKnownPorts(o.host);
    const others = open.filter((p) => p.port !== o.port);
    const where = others.length > 0 ? `; open IB ports on ${o.host}: ${others.map((p) => `${p.port} (${p.app})`).join(", ")}` : `; none of IB's ports (4001, 4002, 7496, 7497) is open on ${o.host}`;
    checks.push(check("tcp", "fail", `${o.host}:${o.port} ${tcp.code === "ECONNREFUSED" ? "refused the connection (nothing listens)" : tcp.message} after ${tcp.ms} ms${where}`, {
      fix: `start TWS or IB Gateway and log in; enable the API (Configure > API > Settings > "Enable ActiveX and Socket Clients") and check its "Socket port" is ${o.port}${others.length > 0 ? `, or use --port ${others[0]!.port}` : ""}`,
      verdict: "port-closed",
    }));
    return finish("no TCP connection");
  }
  checks.push(check("tcp", "ok", `${o.host}:${o.port} accepted TCP in ${tcp.ms} ms`));

  const probe = new ApiProbe({
    host: o.host,
    port: o.port,
    clientId: o.clientId,
    timeoutMs: o.timeoutMs,
    mode: o.mode,
    ...(o.farmSettleMs !== undefined ? { farmSettleMs: o.farmSettleMs } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  const stop = () => void probe.close();
  o.signal?.addEventListener("abort", stop, { once: true });
  try {
    if (o.signal?.aborted) return finish("stopped");
    const api = await probe.connect();
    if (o.signal?.aborted) return finish("stopped");
    checks.push(...api.checks);
    // Zombie sessions are a common cause of hanging handshakes, so this runs either way.
    checks.push(closeWaitCheck(o.port));
    if (!api.ok && !api.checks.some((c) => c.id === "accounts")) return finish("no API session");
    checks.push(await probe.farms());
    if (o.signal?.aborted) return finish("stopped");
    checks.push(await probe.historical(o.symbol));
    return finish();
  } finally {
    o.signal?.removeEventListener("abort", stop);
    await probe.close();
  }
}

/** Human-readable report: one line per check, its fix under it, then the verdict. */
export function formatReport(report: DiagnoseReport): string {
  const mark = { ok: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" } as const;
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${mark[c.status]}  ${c.id.padEnd(10)}  ${c.detail}`);
    if (c.fix && c.status !== "ok") lines.push(`      ${"".padEnd(10)}  fix: ${c.fix}`);
  }
  lines.push("", `verdict: ${report.verdict}`);
  return lines.join("\n");
}

/** For --json: {"verdict", "checks": [{"id","status","detail","fix"}]}. */
export function reportJson(report: DiagnoseReport): { verdict: Verdict; checks: { id: string; status: string; detail: string; fix: string | null }[] } {
  return { verdict: report.verdict, checks: report.checks.map((c) => ({ id: c.id, status: c.status, detail: c.detail, fix: c.fix ?? null })) };
}
