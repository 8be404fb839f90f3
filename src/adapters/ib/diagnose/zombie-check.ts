import { check, type CheckResult } from "./types.ts";
import { closeWaitSockets, type TcpSocket } from "./socket-table.ts";

/** Is this socket robotrader's own (this process, or another robotrader)? */
export function isOwnSocket(s: TcpSocket, selfPid = process.pid): boolean {
  return s.pid === selfPid || /robotrader/i.test(s.command ?? "");
}

function owner(s: TcpSocket): string {
  return s.pid === undefined ? "owner unknown (another user's process?)" : `pid ${s.pid}: ${(s.command ?? "").slice(0, 80)}`;
}

/**
 * CLOSE_WAIT sockets on the gateway port: the server closed them and the local program never
 * did. Client-side ones (remote port = gateway port) are leaks; robotrader's own are named for
 * cleanup. A local TWS's own (local port = gateway port) are reported, never touched.
 */
export function closeWaitCheck(port: number, table: { supported: boolean; sockets: TcpSocket[] } = closeWaitSockets(port)): CheckResult {
  if (!table.supported) return check("close-wait", "skip", "cannot read the socket table here (no /proc/net/tcp, no lsof)");
  const clients = table.sockets.filter((s) => s.remotePort === port);
  const server = table.sockets.filter((s) => s.localPort === port && s.remotePort !== port);
  if (clients.length === 0 && server.length === 0) return check("close-wait", "ok", `no CLOSE_WAIT sockets on port ${port}`);
  const own = clients.filter((s) => isOwnSocket(s));
  const others = clients.filter((s) => !isOwnSocket(s));
  const lines = [
    ...own.map((s) => `robotrader's own: ${s.localAddress}:${s.localPort} -> ${s.remoteAddress}:${s.remotePort} (${owner(s)})`),
    ...others.map((s) => `${s.localAddress}:${s.localPort} -> ${s.remoteAddress}:${s.remotePort} (${owner(s)})`),
    ...(server.length > 0 ? [`${server.length} on the gateway's side of port ${port} (TWS / IB Gateway's own; robotrader never touches them)`] : []),
  ];
  const fixes: string[] = [];
  if (own.length > 0) {
    const pids = [...new Set(own.map((s) => s.pid).filter((p) => p !== undefined))];
    const plural = pids.length > 1 ? "es" : "";
    fixes.push(`stop the robotrader process${plural} holding them (${pids.map((p) => `pid ${p}`).join(", ")}) with Ctrl-C in ${plural ? "their terminals" : "its terminal"} or 'kill -TERM ${pids.join(" ")}' (a clean exit closes its sockets; 'robotrader kill-switch on' only blocks new orders, it does not stop a process)`);
  }
  if (others.length > 0) fixes.push("the other programs listed keep dead API sessions open: restart them (robotrader does not touch them)");
  if (server.length > 0 && clients.length === 0) fixes.push("if handshakes hang, restart TWS / IB Gateway yourself; robotrader never kills it");
  const status = clients.length > 0 ? "fail" : "warn";
  return check("close-wait", status, `${table.sockets.length} CLOSE_WAIT socket(s) on port ${port}: ${lines.join("; ")}`, {
    fix: fixes.join("; "),
    ...(status === "fail" ? { verdict: "zombie-sockets" as const } : {}),
  });
}
