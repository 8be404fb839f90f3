import net from "node:net";
import { linuxTcpTable } from "../src/adapters/ib/diagnose/socket-table.ts";

/** One TWS API frame: u32 big-endian length, then NUL-terminated fields. */
export function frame(fields: readonly (string | number)[]): Buffer {
  const body = Buffer.from(fields.map(String).join("\0") + "\0", "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

export type RawBehaviour =
  /** Accepts TCP, reads, never answers (API disabled / hidden dialog). */
  | "silent"
  /** Answers the version handshake, managedAccounts and nextValidId, then ignores everything. */
  | "handshake-then-silent"
  /** Sends a custom byte sequence as soon as the client's "API\0" arrives. */
  | { readonly send: Buffer; readonly thenClose?: boolean }
  /** Proper handshake, then sends these bytes after startApi. */
  | { readonly afterReady: Buffer };

/**
 * A TCP server on 127.0.0.1 (a free port) that keeps track of its sockets, ignores their errors
 * and destroys them all on close.
 */
export async function loopbackServer(onSocket: (socket: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP server of our own that speaks a deliberately bad or minimal TWS handshake, to test
 * the adapter against servers the simulator would never be.
 */
export async function startRawServer(behaviour: RawBehaviour): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let bytes = 0;
  const server = await loopbackServer((socket) => {
    let buf = Buffer.alloc(0);
    let stage: "hello" | "start" | "ready" = "hello";
    socket.on("data", (d: Buffer) => {
      bytes += d.length;
      buf = Buffer.concat([buf, d]);
      if (behaviour === "silent") return;
      if (stage === "hello" && buf.length >= 8 && buf.subarray(0, 4).toString() === "API\0") {
        const len = buf.readUInt32BE(4);
        if (buf.length < 8 + len) return;
        buf = buf.subarray(8 + len);
        stage = "start";
        if (typeof behaviour === "object" && "send" in behaviour) {
          socket.write(behaviour.send);
          if (behaviour.thenClose) socket.end();
          return;
        }
        socket.write(frame([176, "20260101 12:00:00 UTC"]));
      }
      if (stage === "start" && buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        stage = "ready";
        socket.write(Buffer.concat([frame([15, 1, "DU1234567"]), frame([9, 1, 1])]));
        if (typeof behaviour === "object" && "afterReady" in behaviour) socket.write(behaviour.afterReady);
      }
    });
  });
  return { ...server, received: () => bytes };
}

/** Sockets in CLOSE_WAIT that talk to `port` (from /proc/net/tcp; [] where there is none). */
export function closeWaitOn(port: number): string[] {
  return (linuxTcpTable() ?? [])
    .filter((s) => s.state === "CLOSE_WAIT" && (s.remotePort === port || s.localPort === port))
    .map((s) => `${s.localAddress}:${s.localPort}->${s.remoteAddress}:${s.remotePort}`);
}

/** Any socket at all (any state but TIME_WAIT) from this process's side to `port`. */
export function openClientSocketsTo(port: number): string[] {
  return (linuxTcpTable() ?? [])
    .filter((s) => s.remotePort === port && s.state !== "TIME_WAIT" && s.state !== "LISTEN")
    .map((s) => `${s.state} ${s.localPort}->${s.remotePort}`);
}

/** Waits (polling, bounded) until `check` is true; returns its last value. For OS state that settles. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}
