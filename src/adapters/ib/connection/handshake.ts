import { EventName, IBApi } from "@stoqey/ib";
import type { Clock } from "../../../core/clock.ts";
import { CLIENT_ID_IN_USE } from "../error-codes.ts";
import { installWireGuard, rawSocket } from "./wire-guard.ts";

/** Code used on the api's own error event when the wire guard rejects the stream. */
export const BAD_WIRE_CODE = -2;

export interface HandshakeOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** Passed to @stoqey/ib's own limiter; IB allows 50, we stay below. */
  readonly maxReqPerSec?: number;
  /** Aborting ends the attempt at once and closes its socket. */
  readonly signal?: AbortSignal;
  /** A frame begun but not finished for this long is a protocol fault (default FRAME_STALL_MS). */
  readonly frameStallMs?: number;
}

/** One live API session: the client is ready (nextValidId and managedAccounts arrived). */
export interface Session {
  readonly api: IBApi;
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly serverVersion: number;
  readonly connectionTime: string;
  readonly accounts: readonly string[];
  readonly nextOrderId: number;
  /** Time from TCP connect request to ready. */
  readonly elapsedMs: number;
  /**
   * Removes the handshake's listeners and returns the IB messages (farm notices, errors) that
   * arrived after ready but before the new owner attached its own. Call once, on adoption.
   */
  readonly drainEarly: () => EarlyMessage[];
}

export interface EarlyMessage {
  readonly code: number;
  readonly message: string;
  readonly reqId: number;
}

export type HandshakeFailureReason = "port-closed" | "network" | "handshake-timeout" | "client-id-in-use" | "closed" | "bad-server";

export interface HandshakeFailure {
  readonly reason: HandshakeFailureReason;
  readonly message: string;
  readonly elapsedMs: number;
  /** Did the TCP connection open before it failed? Tells "nothing listens" from "API silent". */
  readonly tcpOpened: boolean;
}

export type HandshakeResult = { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly failure: HandshakeFailure };

/** Disconnects and makes sure the socket is destroyed, so nothing lingers in CLOSE_WAIT. */
export function closeApi(api: IBApi): void {
  const socket = rawSocket(api);
  try {
    if (api.isConnected || socket) api.disconnect();
  } catch {
    // A socket already gone is what we want anyway.
  }
  socket?.destroy();
  api.removeAllListeners();
}

/**
 * One connection attempt: TCP connect, "API\0" + version range, startApi with `clientId`,
 * then wait for nextValidId and managedAccounts within `timeoutMs`. On any failure the socket
 * is closed before this returns, so a retry never collides with its own stale session.
 */
export function handshake(options: HandshakeOptions): Promise<HandshakeResult> {
  const { clock } = options;
  const started = clock.now();
  const api = new IBApi({ host: options.host, port: options.port, maxReqPerSec: options.maxReqPerSec ?? 40 });
  let serverVersion: number | undefined;
  let connectionTime = "";
  let accounts: string[] | undefined;
  let nextOrderId: number | undefined;
  let tcpOpened = false;
  let idInUse = false;
  let ready = false;
  const early: EarlyMessage[] = [];

  return new Promise<HandshakeResult>((resolve) => {
    let done = false;
    const finishFail = (reason: HandshakeFailureReason, message: string) => {
      if (done) return;
      done = true;
      cancelTimer();
      closeApi(api);
      resolve({ ok: false, failure: { reason, message, elapsedMs: clock.now() - started, tcpOpened } });
    };
    const maybeReady = () => {
      if (done || serverVersion === undefined || accounts === undefined || nextOrderId === undefined) return;
      done = true;
      ready = true;
      cancelTimer();
      const session: Session = {
        api,
        host: options.host,
        port: options.port,
        clientId: options.clientId,
        serverVersion,
        connectionTime,
        accounts,
        nextOrderId,
        elapsedMs: clock.now() - started,
        drainEarly: () => {
          api.removeAllListeners();
          return early.splice(0);
        },
      };
      resolve({ ok: true, session });
    };
    const cancelTimer = clock.setTimer(options.timeoutMs, () =>
      finishFail(
        "handshake-timeout",
        tcpOpened
          ? `TCP connection to ${options.host}:${options.port} opened but the API did not answer within ${options.timeoutMs} ms`
          : `could not open TCP ${options.host}:${options.port} within ${options.timeoutMs} ms`,
      ),
    );

    if (options.signal?.aborted) {
      finishFail("closed", "connection attempt cancelled");
      return;
    }
    options.signal?.addEventListener("abort", () => finishFail("closed", "connection attempt cancelled"), { once: true });
    api.on(EventName.server, (version: number, time: string) => {
      tcpOpened = true;
      if (!Number.isInteger(version) || version < 100) {
        finishFail("bad-server", `the server answered with an invalid version ${JSON.stringify(version)}: not a TWS API endpoint`);
        return;
      }
      serverVersion = version;
      connectionTime = String(time ?? "");
      maybeReady();
    });
    api.on(EventName.managedAccounts, (list: string) => {
      accounts = String(list ?? "").split(",").map((a) => a.trim()).filter((a) => a.length > 0);
      maybeReady();
    });
    api.on(EventName.nextValidId, (id: number) => {
      if (Number.isInteger(id) && id >= 0) nextOrderId = id;
      maybeReady();
    });
    const onMessage = (code: number, message: string, reqId = -1) => {
      if (ready) {
        early.push({ code, message, reqId });
        return;
      }
      if (code === CLIENT_ID_IN_USE) {
        idInUse = true;
        finishFail("client-id-in-use", `client id ${options.clientId} is already in use (IB 326: ${message})`);
      } else if (code === BAD_WIRE_CODE) {
        finishFail("bad-server", message);
      } else if (code === 502 && !tcpOpened) {
        finishFail(/ECONNREFUSED/i.test(message) ? "port-closed" : "network", `cannot connect to ${options.host}:${options.port}: ${message}`);
      }
    };
    api.on(EventName.info, (message: string, code: number) => onMessage(code, message));
    api.on(EventName.error, (error: Error, code: number, reqId: number) => onMessage(code, error?.message ?? String(error), reqId));
    api.on(EventName.disconnected, () => {
      if (ready) {
        early.push({ code: 504, message: "disconnected", reqId: -1 });
        return;
      }
      if (idInUse) return;
      finishFail("closed", `the server closed the connection during the handshake${tcpOpened ? "" : " (before any answer)"}`);
    });

    try {
      api.connect(options.clientId);
      const socket = rawSocket(api);
      socket?.once("connect", () => {
        tcpOpened = true;
      });
      installWireGuard(api, (reason) => {
        api.emit(EventName.error, new Error(reason), BAD_WIRE_CODE, -1);
        // Destroying the socket makes the owner see a drop even if nobody heard the error.
        rawSocket(api)?.destroy();
      }, options.frameStallMs !== undefined ? { stallMs: options.frameStallMs } : {});
    } catch (error) {
      finishFail("network", `cannot start a connection: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
