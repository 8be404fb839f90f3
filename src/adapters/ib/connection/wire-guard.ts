import type { IBApi } from "@stoqey/ib";
import type { Socket as NetSocket } from "node:net";
import { realtimeBarLane } from "./realtime-bar-lane.ts";

/** The parts of @stoqey/ib 1.6.10's private socket wrapper we reach into (pinned version). */
export interface StoqeySocket {
  client?: NetSocket;
  onData(data: Buffer): void;
  /** The library's state between messages: first message seen, text left of the last one. */
  neverReceived?: boolean;
  dataFragment?: string;
}

function stoqeySocket(api: IBApi): StoqeySocket | undefined {
  const controller = (api as unknown as { controller?: { socket?: StoqeySocket } }).controller;
  return controller?.socket;
}

/** The TCP socket under an IBApi, to make sure it is destroyed (no CLOSE_WAIT left). */
export function rawSocket(api: IBApi): NetSocket | undefined {
  return stoqeySocket(api)?.client;
}

/**
 * The largest frame accepted: far above any real TWS message (a year of 1-minute bars is
 * about 7 MB), far below what a corrupt length claims (0x00fffff0 is 16 MB).
 */
export const MAX_FRAME = 8 * 1024 * 1024;
/** A frame begun but not finished after this long (no byte arrived) is a stalled stream. */
export const FRAME_STALL_MS = 3_000;

/** Up to 64 bytes, printable as text with NULs shown as "|" (TWS fields end in NUL). */
function shown(bytes: Buffer): string {
  const head = bytes.subarray(0, 64);
  const text = [...head].map((b) => (b === 0 ? "|" : b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
  return `${JSON.stringify(text)}${bytes.length > head.length ? ` (+${bytes.length - head.length} bytes)` : ""} hex ${head.subarray(0, 16).toString("hex")}`;
}

export interface WireGuardOptions {
  readonly stallMs?: number;
  readonly maxFrame?: number;
  /** Real-time bars (id 50) decoded by the fast lane (default); false: all through the library. */
  readonly realtimeBars?: boolean;
}

/**
 * Guards @stoqey/ib against a server that sends garbage or stops mid-frame: it checks every
 * frame length itself (a negative length such as 0xFFFFFFFC makes the library loop forever;
 * a huge one makes it wait for megabytes that never come), notices a frame stalled part-way
 * for `stallMs`, and catches what the decoder throws (it rethrows everything but underruns,
 * which would crash the process from inside a socket callback). On any of them it calls
 * `onBad` with what was read, passes nothing more on, and the owner drops and reconnects.
 * Real-time bars skip the library's generic decoding (realtime-bar-lane.ts); every other
 * message, and any frame split across reads, goes through it as before.
 */
export function installWireGuard(api: IBApi, onBad: (reason: string) => void, options: WireGuardOptions = {}): void {
  const sock = stoqeySocket(api);
  if (!sock || typeof sock.onData !== "function") throw new Error("wire guard: @stoqey/ib internals changed (controller.socket.onData missing)");
  const original = sock.onData.bind(sock);
  const stallMs = options.stallMs ?? FRAME_STALL_MS;
  const maxFrame = options.maxFrame ?? MAX_FRAME;
  const lane = options.realtimeBars === false ? undefined : realtimeBarLane(api, sock);
  const wire = { at: 0, bars: 0 };
  reads.set(api, wire);
  let header = Buffer.alloc(0);
  let remaining = 0;
  let size = 0;
  let partial: Buffer[] = [];
  let broken = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fail = (reason: string) => {
    broken = true;
    if (timer) clearTimeout(timer);
    onBad(reason);
  };
  const watchStall = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (remaining === 0 && header.length === 0) return;
    timer = setTimeout(() => {
      const got = Buffer.concat([header, ...partial]);
      fail(`frame stalled: ${remaining > 0 ? `${size - remaining} of ${size} bytes` : `${header.length} of 4 length bytes`} read, nothing more for ${stallMs} ms; read so far: ${shown(got)}`);
    }, stallMs);
    timer.unref?.();
  };
  sock.client?.once("close", () => timer && clearTimeout(timer));
  const undecodable = (error: unknown) => fail(`cannot decode a message from the server: ${error instanceof Error ? error.message : String(error)}`);
  const pass = (data: Buffer): boolean => {
    try {
      original(data);
      return true;
    } catch (error) {
      undecodable(error);
      return false;
    }
  };
  const badLength = (raw: Buffer, rest: Buffer) =>
    fail(`bad frame length ${size} (0x${raw.toString("hex")}) from the server (expected 1..${maxFrame}): not a TWS API stream; then read ${shown(rest)}`);
  sock.onData = (data: Buffer) => {
    if (broken) return;
    wire.at = performance.now();
    let pos = 0;
    // Bytes from here on are the library's (all but the real-time bars the fast lane took out).
    let passFrom = 0;
    while (pos < data.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, data.length - pos);
        if (partial.length < 4) partial.push(data.subarray(pos, pos + Math.min(take, 64)));
        remaining -= take;
        pos += take;
        if (remaining === 0) partial = [];
        continue;
      }
      if (header.length === 0 && data.length - pos >= 4) {
        // The common case: a whole length in this chunk, read in place.
        size = data.readInt32BE(pos);
        if (size <= 0 || size > maxFrame) return badLength(data.subarray(pos, pos + 4), data.subarray(pos + 4));
        const body = pos + 4;
        const bar = lane && data.length - body >= size ? lane.decode(data, body, body + size) : undefined;
        if (bar) {
          // In stream order: what came before it reaches the library first.
          if (passFrom < pos && !pass(data.subarray(passFrom, pos))) return;
          if (lane!.ready()) {
            try {
              wire.bars++;
              lane!.emit(bar);
            } catch (error) {
              return undecodable(error);
            }
            passFrom = body + size;
          } else passFrom = pos;
          pos = body + size;
          continue;
        }
        remaining = size;
        pos = body;
        continue;
      }
      const need = 4 - header.length;
      header = Buffer.concat([header, data.subarray(pos, pos + need)]);
      pos += Math.min(need, data.length - pos);
      if (header.length < 4) break;
      size = header.readInt32BE(0);
      const raw = header;
      header = Buffer.alloc(0);
      if (size <= 0 || size > maxFrame) return badLength(raw, data.subarray(pos));
      remaining = size;
    }
    watchStall();
    if (passFrom < data.length) pass(passFrom === 0 ? data : data.subarray(passFrom));
  };
}

/** Per guarded api: performance.now() when the socket read being handled began, real-time bars the fast lane took. */
const reads = new WeakMap<IBApi, { at: number; bars: number }>();

/** When the socket read being handled (or the last one) began: the arrival of every message it carries (0 before any). */
export function readStartedAt(api: IBApi): number {
  return reads.get(api)?.at ?? 0;
}

/** Real-time bars decoded by the fast lane so far on this api (the rest went through the library). */
export function fastLaneBars(api: IBApi): number {
  return reads.get(api)?.bars ?? 0;
}
