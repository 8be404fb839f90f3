import type { Socket } from "node:net";
import { API_GREETING, FrameReader, decodeBody, describeProblem, encodeFrame, type FieldValue } from "./codec.ts";
import { negotiate } from "./handshake.ts";
import { easternTextWithZone } from "./market/eastern-time.ts";
import { errorMessage, managedAccounts, nextValidId } from "./out/basic.ts";
import { IN } from "./out/ids.ts";
import type { SimWorld } from "./world.ts";

export type SessionState = "greeting" | "version" | "start-api" | "ready" | "closed";

/** Streaming market data kinds: 5-second real-time bars, keepUpToDate historical bars, market data ticks. */
export type StreamKind = "realtime-bars" | "keep-up-to-date" | "market-data";

/**
 * One client connection: greeting, version negotiation, startApi, then framed requests
 * dispatched to the world's handlers. Every reply is encoded at this connection's version.
 */
export class Session {
  readonly id: number;
  readonly remote: string;
  readonly #socket: Socket;
  readonly #world: SimWorld;
  readonly #reader = new FrameReader();
  readonly #cleanups = new Map<string, () => void>();
  /** Live market-data streams by tracking key (for tests asserting no duplicate subscriptions). */
  readonly #streams = new Map<string, { readonly kind: StreamKind; readonly symbol: string; readonly reqId: number }>();
  #state: SessionState = "greeting";
  #serverVersion = 0;
  #clientId: number | undefined;
  #helloPending = false;
  /** hang-with-order: this connection went quiet holding an order. */
  #hung = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(id: number, socket: Socket, world: SimWorld) {
    this.id = id;
    this.#socket = socket;
    this.#world = world;
    this.remote = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (err) => this.#world.log.debug(`sim-gateway: connection ${this.id} socket error: ${err.message}`));
    socket.on("close", () => this.#onClosed());
    // A socket that never completes the API handshake is closed (wall time: a stuck peer, not market time).
    const idleMs = world.handshakeTimeoutMs;
    if (idleMs > 0) {
      this.#idleTimer = setTimeout(() => {
        if (this.#state !== "ready") this.close(`API handshake not completed within ${idleMs} ms`);
      }, idleMs);
    }
  }

  /** hang-with-order was cleared: talk again. */
  resume(): void {
    this.#hung = false;
  }

  get state(): SessionState {
    return this.#state;
  }
  get serverVersion(): number {
    return this.#serverVersion;
  }
  get clientId(): number | undefined {
    return this.#clientId;
  }
  get isOpen(): boolean {
    return this.#state !== "closed";
  }

  /**
   * Frames sent in one event-loop turn (a streaming tick: one bar of every subscribed symbol)
   * leave in one socket write at the end of the turn, as TWS's do in one TCP segment: a write
   * per frame cost the simulator more CPU than the runner it serves.
   */
  send(fields: readonly FieldValue[]): void {
    if (this.#state === "closed" || this.#socket.destroyed) return;
    if (this.#world.faults.get("unresponsive") || this.#hung) return;
    if (this.#out.length === 0) queueMicrotask(this.#flushOut);
    this.#out.push(encodeFrame(fields));
  }

  #out: Buffer[] = [];
  readonly #flushOut = () => {
    const out = this.#out;
    this.#out = [];
    if (out.length === 0 || this.#socket.destroyed) return;
    this.#socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  };

  error(reqId: number, code: number, message: string): void {
    this.send(errorMessage(reqId, code, message));
  }

  /** Registers something to stop when the connection closes (subscriptions, timers). */
  track(key: string, cleanup: () => void): void {
    this.#cleanups.get(key)?.();
    this.#streams.delete(key);
    this.#cleanups.set(key, cleanup);
  }

  /** `track` for a market-data stream, counted by kind and symbol until it is cancelled or the connection closes. */
  trackStream(key: string, stream: { readonly kind: StreamKind; readonly symbol: string; readonly reqId: number }, cleanup: () => void): void {
    this.track(key, cleanup);
    this.#streams.set(key, stream);
  }

  /** The streams open on this connection now. */
  streams(): { readonly kind: StreamKind; readonly symbol: string; readonly reqId: number }[] {
    return this.#state === "closed" ? [] : [...this.#streams.values()];
  }

  untrack(key: string): boolean {
    const c = this.#cleanups.get(key);
    if (!c) return false;
    this.#cleanups.delete(key);
    this.#streams.delete(key);
    c();
    return true;
  }

  /** Stops every tracked item whose key starts with one of the prefixes; returns how many. */
  untrackWhere(prefixes: readonly string[]): number {
    let n = 0;
    for (const key of [...this.#cleanups.keys()]) if (prefixes.some((p) => key.startsWith(p)) && this.untrack(key)) n++;
    return n;
  }

  has(key: string): boolean {
    return this.#cleanups.has(key);
  }

  /** Orderly close: flush what was written, then FIN. */
  close(reason: string): void {
    if (this.#state === "closed") return;
    this.#world.log.info(`sim-gateway: closing connection ${this.id} (${this.remote}): ${reason}`);
    this.#flushOut();
    this.#stop();
    this.#socket.end();
    const timer = setTimeout(() => this.#socket.destroy(), 1000);
    this.#socket.once("close", () => clearTimeout(timer));
  }

  /** Abrupt close (fault injection): no flush, RST where the OS allows. */
  drop(reason: string): void {
    if (this.#state === "closed") return;
    this.#world.log.info(`sim-gateway: dropping connection ${this.id} (${this.remote}): ${reason}`);
    this.#out = [];
    this.#stop();
    if (typeof this.#socket.resetAndDestroy === "function") this.#socket.resetAndDestroy();
    else this.#socket.destroy();
  }

  #stop(): void {
    this.#state = "closed";
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    for (const c of this.#cleanups.values()) c();
    this.#cleanups.clear();
    this.#streams.clear();
  }

  #onClosed(): void {
    const wasOpen = this.#state !== "closed";
    this.#stop();
    this.#world.sessionClosed(this);
    if (wasOpen) this.#world.log.debug(`sim-gateway: connection ${this.id} closed by the client`);
    if (this.#reader.pending > 0) {
      this.#world.log.warn(`sim-gateway: connection ${this.id} closed with ${this.#reader.pending} bytes of a truncated frame`);
    }
  }

  #fail(reason: string): void {
    this.#world.log.warn(`sim-gateway: connection ${this.id} (${this.remote}): ${reason}`);
    this.close(reason);
  }

  #onData(chunk: Buffer): void {
    if (this.#state === "closed") return;
    this.#reader.push(chunk);
    try {
      this.#pump();
    } catch (err) {
      this.#fail(`internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #pump(): void {
    while (this.#state !== "closed") {
      if (this.#state === "greeting") {
        const g = this.#reader.takeRaw(API_GREETING.length);
        if (!g) return;
        if (!g.equals(API_GREETING)) return this.#fail(`bad greeting ${JSON.stringify(g.toString("latin1"))}; expected "API\\0"`);
        this.#state = "version";
        continue;
      }
      const next = this.#reader.nextBody();
      if (!next) return;
      if (next.kind === "error") return this.#fail(`protocol error: ${describeProblem(next.problem)}`);
      if (this.#state === "version") {
        this.#onVersion(next.body);
        continue;
      }
      if (this.#helloPending) continue; // a client talking before our hello: ignore, as TWS would.
      const frame = decodeBody(next.body);
      if (frame.kind === "error") return this.#fail(`protocol error: ${describeProblem(frame.problem)}`);
      this.#onFrame(frame.fields);
    }
  }

  #onVersion(body: Buffer): void {
    const result = negotiate(body);
    if (result.kind === "rejected") {
      this.#world.log.warn(`sim-gateway: connection ${this.id} rejected: ${result.reason}`);
      // No version was agreed, so a bare v1-style error frame is the best a client can read.
      this.send(errorMessage(-1, 321, `Error validating request: ${result.reason}`));
      this.close(result.reason);
      return;
    }
    this.#serverVersion = result.serverVersion;
    this.#state = "start-api";
    const faults = this.#world.faults;
    if (faults.get("silent-handshake")) {
      this.#helloPending = true;
      this.#world.log.info(`sim-gateway: connection ${this.id}: silent-handshake fault, not answering`);
      return;
    }
    const delaySeconds = Number(faults.get("slow-handshake") || 0);
    const hello = () => {
      this.#helloPending = false;
      this.send([this.#serverVersion, easternTextWithZone(this.#world.clock.now())]);
    };
    if (delaySeconds > 0) {
      this.#helloPending = true;
      this.track("slow-handshake", this.#world.clock.setTimer(delaySeconds * 1000, hello));
    } else {
      hello();
    }
  }

  #onFrame(fields: readonly string[]): void {
    if (this.#world.faults.get("unresponsive") || this.#hung) return;
    const msgId = Number(fields[0]);
    if (this.#state === "start-api") {
      if (msgId !== IN.START_API) return this.#fail(`expected startApi (71) first, got message ${JSON.stringify(fields[0])}`);
      const clientId = Number(fields[2]);
      if (!Number.isInteger(clientId)) return this.#fail(`startApi: client id ${JSON.stringify(fields[2])} is not an integer`);
      this.#startApi(clientId);
      return;
    }
    if (!this.#world.pacing.allowMessage(this)) return;
    if (msgId === IN.PLACE_ORDER && this.#world.faults.get("hang-with-order")) {
      this.#hung = true;
      this.#world.holdOrder(this, fields);
      return;
    }
    this.#world.dispatch(this, msgId, fields);
  }

  #startApi(clientId: number): void {
    const w = this.#world;
    if (w.faults.get("client-id-in-use") || w.clientIdInUse(clientId, this)) {
      this.error(-1, 326, `Unable to connect as the client id is already in use. Retry with a unique client id.`);
      this.close(`client id ${clientId} already in use`);
      return;
    }
    this.#clientId = clientId;
    this.#state = "ready";
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    w.log.info(`sim-gateway: connection ${this.id} ready: client id ${clientId}, server version ${this.#serverVersion}`);
    this.send(managedAccounts([w.accountId]));
    this.send(nextValidId(w.account.nextValidId(clientId)));
    w.sessionReady(this);
  }
}
