import { EventName, type IBApi } from "@stoqey/ib";
import type { Logger } from "../../../log/logger.ts";
import type { ConnectionEvents, ConnectionState, IbConnectionOptions, IbMessage } from "./types.ts";
import { backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import { sleep, systemClock } from "../../clock/system-clock.ts";
import type { Clock } from "../../../core/clock.ts";
import { Emitter } from "../emitter.ts";
import { classifyCode, CONNECTIVITY } from "../error-codes.ts";
import { FarmStatus, parseFarmNotice } from "./farm-status.ts";
import { BAD_WIRE_CODE, closeApi, handshake, type HandshakeFailure, type Session } from "./handshake.ts";
import { Heartbeat } from "./heartbeat.ts";
import { inMaintenanceWindow, reloginNotice } from "./maintenance.ts";
import { RequestRegistry } from "../requests/request-registry.ts";
import { readStartedAt } from "./wire-guard.ts";
import { fail, ok, type IbResult } from "../result.ts";

export type { ConnectionEvents, ConnectionState, IbConnectionOptions, IbMessage } from "./types.ts";

/** Request ids for data start here, far from order ids, which share IB's id space. */
const FIRST_REQ_ID = 1_000_000_000;

/**
 * One logical connection to TWS / IB Gateway that survives drops: connect with a handshake
 * timeout; configured client id first and a fresh one on 326; exponential backoff with
 * jitter; a heartbeat that notices an API gone silent over an open socket; 1100 pauses,
 * 1101/1102 restore; farm notices only update the status map. Errors naming a request id go
 * to that request through `registry`.
 */
export class IbConnection {
  readonly registry = new RequestRegistry();
  readonly farms = new FarmStatus();
  readonly events: Emitter<ConnectionEvents>;
  readonly allowOrders: boolean;
  readonly #o: IbConnectionOptions;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  #state: ConnectionState = "disconnected";
  #session: Session | undefined;
  #clientId: number;
  #reqId = FIRST_REQ_ID;
  #orderId = 0;
  #sessions = 0;
  #closed = false;
  #cancelWait: (() => void) | undefined;
  readonly #abort = new AbortController();
  #heartbeat: Heartbeat | undefined;
  #skewMs: number | undefined;

  constructor(options: IbConnectionOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log;
    this.#clientId = options.clientId;
    this.allowOrders = options.allowOrders ?? false;
    this.events = new Emitter((error) => this.#log?.error("IB connection listener failed:", error));
  }

  get state(): ConnectionState {
    return this.#state;
  }
  get session(): Session | undefined {
    return this.#session;
  }
  get api(): IBApi | undefined {
    return this.#session?.api;
  }
  get clientId(): number {
    return this.#clientId;
  }
  /** Server time minus local time from the last heartbeat (ms), if one was answered. */
  get clockSkewMs(): number | undefined {
    return this.#skewMs;
  }
  /** performance.now() when the socket read being handled began (the arrival of what it carries); 0 before any. */
  get readAt(): number {
    const api = this.#session?.api;
    return api ? readStartedAt(api) : 0;
  }
  get isReady(): boolean {
    return this.#state === "connected" || this.#state === "paused";
  }

  nextReqId(): number {
    return this.#reqId++;
  }

  /** Order ids only grow, per client id (IB error 103 otherwise). */
  nextOrderId(): number {
    return this.#orderId++;
  }

  /** Connects (retrying up to startAttempts); later drops reconnect by themselves until close(). */
  async start(): Promise<IbResult<Session>> {
    const attempts = Math.max(1, this.#o.startAttempts ?? 1);
    const result = await this.#connectLoop(attempts);
    if (result.ok) return ok(result.session);
    return fail({ kind: "disconnected", code: 502, message: `${result.failure.reason}: ${result.failure.message}`, request: "connect" });
  }

  /** Closes the socket and stops reconnecting. Safe to call more than once, on every exit path. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.#cancelWait?.();
    this.#heartbeat?.stop();
    const session = this.#session;
    this.#session = undefined;
    if (session) closeApi(session.api);
    this.registry.failAll("disconnected", 504, "connection closed by robotrader");
    this.#setState("closed");
  }

  async #connectLoop(maxAttempts: number): Promise<{ ok: true; session: Session } | { ok: false; failure: HandshakeFailure }> {
    let lastFailure: HandshakeFailure | undefined;
    let idSwitches = 0;
    for (let attempt = 0; attempt < maxAttempts && !this.#closed; attempt++) {
      this.#setState("connecting");
      const result = await handshake({
        host: this.#o.host,
        port: this.#o.port,
        clientId: this.#clientId,
        timeoutMs: this.#o.handshakeTimeoutMs,
        clock: this.#clock,
        signal: this.#abort.signal,
        ...(this.#o.frameStallMs !== undefined ? { frameStallMs: this.#o.frameStallMs } : {}),
      });
      if (this.#closed) {
        if (result.ok) closeApi(result.session.api);
        break;
      }
      if (result.ok) {
        this.#adopt(result.session);
        return result;
      }
      lastFailure = result.failure;
      const last = attempt + 1 >= maxAttempts;
      let delay: number | undefined;
      if (!last) {
        // A 326 is answered at once with a fresh id; repeated ones fall back to backoff.
        delay =
          result.failure.reason === "client-id-in-use" && idSwitches < 3
            ? 0
            : backoffDelay(attempt, { ...DEFAULT_BACKOFF, ...this.#o.backoff, random: this.#o.random ?? Math.random });
      }
      if (result.failure.reason === "client-id-in-use") {
        idSwitches += 1;
        const previous = this.#clientId;
        this.#clientId = (this.#o.nextClientId ?? ((id: number) => id + 1))(previous);
        if (!last) this.#log?.warn(`IB client id ${previous} is in use; trying client id ${this.#clientId}`);
      }
      this.events.emit("attemptFailed", result.failure, { attempt, retryInMs: delay });
      this.#logQuietly(`IB connect attempt ${attempt + 1} failed (${result.failure.reason}): ${result.failure.message}${delay === undefined ? "" : `; retrying in ${delay} ms`}`);
      if (delay === undefined) break;
      this.#setState("waiting");
      await this.#wait(delay);
    }
    if (!this.#closed) this.#setState("disconnected");
    return { ok: false, failure: lastFailure ?? { reason: "closed", message: "connection closed by robotrader", elapsedMs: 0, tcpOpened: false } };
  }

  #wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = this.#clock.setTimer(ms, () => {
        this.#cancelWait = undefined;
        resolve();
      });
      this.#cancelWait = () => {
        cancel();
        resolve();
      };
    });
  }

  #adopt(session: Session): void {
    const reconnect = this.#sessions > 0;
    this.#sessions += 1;
    this.#session = session;
    this.#orderId = Math.max(this.#orderId, session.nextOrderId);
    const { api } = session;
    const early = session.drainEarly();
    api.on(EventName.error, (error: Error, code: number, reqId: number) =>
      this.#onIbMessage({ code, message: error?.message ?? String(error), reqId: typeof reqId === "number" ? reqId : -1 }),
    );
    api.on(EventName.info, (message: string, code: number) => this.#onIbMessage({ code, message, reqId: -1 }));
    api.on(EventName.nextValidId, (id: number) => {
      if (Number.isInteger(id)) this.#orderId = Math.max(this.#orderId, id);
    });
    api.on(EventName.disconnected, () => this.#onDropped(session, "the server closed the connection"));
    this.#heartbeat = new Heartbeat({
      api,
      clock: this.#clock,
      intervalMs: this.#o.heartbeatMs ?? 30_000,
      timeoutMs: this.#o.heartbeatTimeoutMs ?? 10_000,
      onSkew: (skew) => {
        this.#skewMs = skew;
        this.events.emit("heartbeat", this.#clock.now());
      },
      onDead: (ms) => this.#onDropped(session, `the API stopped answering (no reply to reqCurrentTime within ${ms} ms) while TCP stayed open`),
    });
    this.#heartbeat.start();
    this.#log?.info(`IB connected to ${session.host}:${session.port} as client ${session.clientId} (server version ${session.serverVersion}, ${session.elapsedMs} ms)`);
    const relogin = this.#o.reloginNotice === false ? undefined : reloginNotice(this.#clock.now());
    if (relogin && !reconnect) this.#log?.warn(relogin);
    this.#setState("connected");
    this.events.emit("session", session, { reconnect });
    for (const m of early) {
      if (m.code === 504 && m.message === "disconnected") this.#onDropped(session, "the server closed the connection");
      else this.#onIbMessage(m);
    }
  }

  #onDropped(session: Session, why: string): void {
    if (this.#session !== session || this.#closed) return;
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#session = undefined;
    closeApi(session.api);
    const failed = this.registry.failAll("disconnected", 504, `connection lost: ${why}`);
    this.#logQuietly(`IB connection lost: ${why}${failed > 0 ? ` (${failed} pending requests failed)` : ""}; reconnecting`);
    this.#setState("disconnected");
    void this.#connectLoop(Number.POSITIVE_INFINITY);
  }

  #onIbMessage(m: IbMessage): void {
    if (m.reqId >= 0 && this.registry.route(m.reqId, m.code, m.message)) {
      this.#log?.debug(`IB error ${m.code} for request ${m.reqId}: ${m.message}`);
      return;
    }
    const session = this.#session;
    switch (classifyCode(m.code)) {
      case "connectivity":
        if (m.code === CONNECTIVITY.lost) {
          this.#logQuietly(`IB 1100: TWS lost its connection to IB; trading paused`);
          this.#setState("paused");
          this.events.emit("lost");
        } else if (m.code === CONNECTIVITY.restoredDataLost || m.code === CONNECTIVITY.restoredDataKept) {
          const dataLost = m.code === CONNECTIVITY.restoredDataLost;
          this.#log?.info(`IB ${m.code}: connectivity restored, market data ${dataLost ? "lost (resubscribing)" : "kept"}`);
          this.#setState("connected");
          this.events.emit("restored", { dataLost });
        }
        break;
      case "farm": {
        const notice = parseFarmNotice(m.code, m.message);
        const changed = notice && this.farms.apply(notice, this.#clock.now());
        if (changed) {
          const text = `IB data farm ${changed.farm} (${changed.kind}) is ${changed.state}`;
          if (changed.state === "broken") this.#log?.warn(text);
          else this.#log?.debug(text);
          this.events.emit("farm", changed);
        }
        break;
      }
      case "warning":
        this.#log?.debug(`IB ${m.code}: ${m.message}`);
        this.events.emit("message", m);
        break;
      default:
        if (m.code === BAD_WIRE_CODE && session) {
          this.#onDropped(session, m.message);
          return;
        }
        this.#log?.warn(`IB ${m.code}${m.reqId >= 0 ? ` (id ${m.reqId})` : ""}: ${m.message}`);
        this.events.emit("message", m);
    }
  }

  /** Reconnects inside IB's nightly reset or the weekly re-login are expected: info, not warn. */
  #logQuietly(text: string): void {
    if (inMaintenanceWindow(this.#clock.now())) this.#log?.info(`${text} (IB maintenance window; expected)`);
    else this.#log?.warn(text);
  }

  #setState(next: ConnectionState): void {
    const previous = this.#state;
    if (previous === next || (previous === "closed" && next !== "closed")) return;
    this.#state = next;
    this.events.emit("state", next, previous);
  }
}
