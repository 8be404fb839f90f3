import net from "node:net";

export type TcpProbe =
  | { readonly open: true; readonly ms: number }
  | { readonly open: false; readonly ms: number; readonly code: string; readonly message: string };

/** Opens and closes one TCP connection; says whether something listens on host:port. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let done = false;
    const finish = (result: TcpProbe) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const ms = () => Math.round(performance.now() - started);
    const timer = setTimeout(() => finish({ open: false, ms: ms(), code: "ETIMEDOUT", message: `no TCP answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once("connect", () => finish({ open: true, ms: ms() }));
    socket.once("error", (e: NodeJS.ErrnoException) => finish({ open: false, ms: ms(), code: e.code ?? "ERROR", message: e.message }));
  });
}

/** The well-known IB API ports and what normally listens there. */
export const IB_WELL_KNOWN_PORTS: readonly { readonly port: number; readonly app: string }[] = [
  { port: 4001, app: "IB Gateway live" },
  { port: 4002, app: "IB Gateway paper" },
  { port: 7496, app: "TWS live" },
  { port: 7497, app: "TWS paper" },
];

/** Which of IB's well-known ports accept TCP on `host` (probed in parallel). */
export async function openWellKnownPorts(host: string, timeoutMs = 500): Promise<{ port: number; app: string }[]> {
  const probes = await Promise.all(IB_WELL_KNOWN_PORTS.map(async (p) => ({ ...p, probe: await tcpProbe(host, p.port, timeoutMs) })));
  return probes.filter((p) => p.probe.open).map(({ port, app }) => ({ port, app }));
}
