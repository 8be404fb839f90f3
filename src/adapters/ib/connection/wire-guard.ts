import type { IBApi } from "@stoqey/ib";
import type { Socket as NetSocket } from "node:net";

/** The parts of @stoqey/ib 1.6.10's private socket wrapper we reach into (pinned version). */
interface StoqeySocket {
  client?: NetSocket;
  onData(data: Buffer): void;
}

function stoqeySocket(api: IBApi): StoqeySocket | undefined {
  const controller = (api as unknown as { controller?: { socket?: StoqeySocket } }).controller;
  return controller?.socket;
}

/** The TCP socket under an IBApi, to make sure it is destroyed (no CLOSE_WAIT left). */
export function rawSocket(api: IBApi): NetSocket | undefined {
  return stoqeySocket(api)?.client;
}

const MAX_FRAME = 0xffffff;

/**
 * Guards @stoqey/ib against a server that sends garbage: it checks every frame length
 * itself (a negative length such as 0xFFFFFFFC makes the library loop forever) and catches
 * what the decoder throws (it rethrows everything but underruns, which would crash the
 * process from inside a socket callback). On either, it calls `onBad` and passes nothing on.
 */
export function installWireGuard(api: IBApi, onBad: (reason: string) => void): void {
  const sock = stoqeySocket(api);
  if (!sock || typeof sock.onData !== "function") throw new Error("wire guard: @stoqey/ib internals changed (controller.socket.onData missing)");
  const original = sock.onData.bind(sock);
  let header = Buffer.alloc(0);
  let remaining = 0;
  let broken = false;
  sock.onData = (data: Buffer) => {
    if (broken) return;
    let pos = 0;
    while (pos < data.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, data.length - pos);
        remaining -= take;
        pos += take;
        continue;
      }
      const need = 4 - header.length;
      header = Buffer.concat([header, data.subarray(pos, pos + need)]);
      pos += Math.min(need, data.length - pos);
      if (header.length < 4) break;
      const size = header.readInt32BE(0);
      header = Buffer.alloc(0);
      if (size <= 0 || size > MAX_FRAME) {
        broken = true;
        onBad(`bad frame length ${size} from the server (expected 1..${MAX_FRAME}): not a TWS API stream`);
        return;
      }
      remaining = size;
    }
    try {
      original(data);
    } catch (error) {
      broken = true;
      onBad(`cannot decode a message from the server: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
