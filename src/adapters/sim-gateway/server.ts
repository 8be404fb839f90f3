import { createServer, type Server, type Socket } from "node:net";
import { createLogger, type Logger } from "../../log/logger.ts";
import { SimAccount } from "./account/account.ts";
import { AccountFeed } from "./account-feed.ts";
import { OrderEngine } from "./orders/engine.ts";
import { systemClock } from "../clock/system-clock.ts";
import type { Clock } from "../../core/clock.ts";
import { FieldCursor, RequestError } from "./fields.ts";
import { Faults, type FaultName } from "./faults.ts";
import { HANDLERS } from "./handlers/index.ts";
import { MarketReplay } from "./market/replay.ts";
import { ReplayTicker } from "./market/ticker.ts";
import { defaultBars } from "./market/universe.ts";
import { HistoricalPacing, MAX_MESSAGES_PER_SECOND, MessageRate } from "./pacing.ts";
import { Session } from "./session.ts";
import { systemMessageText } from "./system-messages.ts";
import type { SimWorld } from "./world.ts";
import type { SimGateway, SimGatewayOptions } from "./api.ts";

export type { SimGateway, SimGatewayOptions };

export async function startSimGateway(options: SimGatewayOptions = {}): Promise<SimGateway> {
  const gateway = new SimGatewayServer(options);
  await gateway.listen(options.host ?? "127.0.0.1", options.port ?? 4002);
  return gateway;
}

class SimGatewayServer implements SimGateway, SimWorld {
  readonly log: Logger;
  readonly clock: Clock;
  readonly replay: MarketReplay;
  readonly account: SimAccount;
  readonly faults = new Faults();
  readonly accountId: string;
  readonly historicalPacing: HistoricalPacing;
  readonly ticker: ReplayTicker;
  readonly orders: OrderEngine;
  readonly accountFeed: AccountFeed;
  readonly pacing = { allowMessage: (s: Session) => this.#allowMessage(s) };
  readonly #server: Server;
  readonly #sessions = new Set<Session>();
  readonly #rates = new WeakMap<Session, MessageRate>();
  readonly #symbols = new Set<string>();
  readonly #reconnectDelayMs: number;
  readonly handshakeTimeoutMs: number;
  readonly #held: { session: Session; fields: readonly string[] }[] = [];
  #nextSessionId = 1;
  #connectivityLost = false;
  /** connectivity-lost set while no client was ready: the episode starts with the next one. */
  #connectivityArmed: 1101 | 1102 | undefined;
  #host = "";
  #port = 0;

  constructor(options: SimGatewayOptions) {
    this.log = options.log ?? createLogger({ quiet: true });
    this.clock = options.clock ?? systemClock;
    this.accountId = options.accountId ?? "DU1234567";
    this.account = new SimAccount(this.accountId, options.startingCash ?? 1_000_000);
    const source = options.bars ?? defaultBars;
    this.replay = new MarketReplay({
      source: (s) => {
        const bars = source(s);
        if (bars) this.#symbols.add(s.toUpperCase());
        return bars;
      },
      calendarSymbol: options.calendarSymbol ?? "SPX",
      start: options.replayStart,
      speed: options.speed ?? 1,
      clock: this.clock,
    });
    this.ticker = new ReplayTicker(this.clock, this.replay, options.tickMs ?? 200);
    this.orders = new OrderEngine(this, options.seed ?? 1);
    this.accountFeed = new AccountFeed(this);
    this.historicalPacing = new HistoricalPacing(this.clock);
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 2000;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 20_000;
    // Listen first, so faults given at start act like faults set later (connectivity-lost arms).
    this.faults.onChange((name, value) => this.#onFaultChange(name, value));
    for (const [name, value] of Object.entries(options.faults ?? {})) {
      if (value !== undefined) this.faults.set(name as FaultName, value);
    }
    this.#server = createServer({ allowHalfOpen: false }, (socket) => this.#accept(socket));
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        // Listen failures (EADDRINUSE) are the caller's to report; later ones are logged.
        this.#server.on("error", (err) => this.log.error(`sim-gateway: server error: ${err.message}`));
        const addr = this.#server.address();
        this.#host = host;
        this.#port = typeof addr === "object" && addr ? addr.port : port;
        resolve();
      });
    });
  }

  get host(): string {
    return this.#host;
  }
  get port(): number {
    return this.#port;
  }
  openStreams(): { connection: number; kind: "realtime-bars" | "keep-up-to-date" | "market-data"; symbol: string; reqId: number }[] {
    return [...this.#sessions].flatMap((s) => s.streams().map((stream) => ({ connection: s.id, ...stream })));
  }

  get connections(): number {
    let n = 0;
    for (const s of this.#sessions) if (s.state === "ready") n++;
    return n;
  }
  get marketTime(): number {
    return this.replay.now();
  }

  setFault(name: FaultName, value: number | boolean | string): void {
    this.faults.set(name, value);
  }
  clearFault(name: FaultName): void {
    this.faults.clear(name);
  }

  sendSystemMessage(code: number, text?: string): void {
    const message = text ?? systemMessageText(code);
    for (const s of this.readySessions()) s.error(-1, code, message);
  }

  get heldOrders(): number {
    return this.#held.length;
  }

  holdOrder(session: Session, fields: readonly string[]): void {
    this.log.info(`sim-gateway: connection ${session.id}: hang-with-order fault: placeOrder held, connection quiet`);
    this.#held.push({ session, fields });
  }

  dropConnections(): void {
    for (const s of [...this.#sessions]) s.drop("dropConnections()");
  }

  async close(): Promise<void> {
    this.ticker.stop();
    for (const s of [...this.#sessions]) s.close("simulator shutting down");
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- SimWorld ---

  *readySessions(): Iterable<Session> {
    for (const s of this.#sessions) if (s.state === "ready") yield s;
  }

  dataPaused(): boolean {
    return Boolean(this.faults.get("farm-down")) || this.#connectivityLost;
  }

  knownSymbols(): Iterable<string> {
    return this.#symbols;
  }

  clientIdInUse(clientId: number, except: Session): boolean {
    for (const s of this.#sessions) if (s !== except && s.state === "ready" && s.clientId === clientId) return true;
    return false;
  }

  sessionReady(session: Session): void {
    const farmDown = Boolean(this.faults.get("farm-down"));
    session.error(-1, farmDown ? 2103 : 2104, systemMessageText(farmDown ? 2103 : 2104));
    session.error(-1, farmDown ? 2105 : 2106, systemMessageText(farmDown ? 2105 : 2106));
    session.error(-1, 2158, systemMessageText(2158));
    if (this.#connectivityLost) session.error(-1, 1100, systemMessageText(1100));
    else if (this.#connectivityArmed !== undefined) this.#loseConnectivity(this.#connectivityArmed);
  }

  sessionClosed(session: Session): void {
    this.#sessions.delete(session);
    this.accountFeed.forget(session);
  }

  dispatch(session: Session, msgId: number, fields: readonly string[]): void {
    const entry = HANDLERS.get(msgId);
    if (!entry) {
      this.log.debug(`sim-gateway: connection ${session.id}: unsupported message id ${JSON.stringify(fields[0])}`);
      session.error(-1, 321, `Error validating request: message id ${fields[0] ?? ""} is not supported by the simulator`);
      return;
    }
    try {
      entry.handle({ session, world: this }, new FieldCursor(fields, entry.name));
    } catch (err) {
      if (err instanceof RequestError) {
        session.error(err.reqId, err.code, err.message);
        return;
      }
      this.log.error(`sim-gateway: ${entry.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      session.error(-1, 321, `Error processing ${entry.name}: simulator internal error`);
    }
  }

  // --- internals ---

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const session = new Session(this.#nextSessionId++, socket, this);
    this.#sessions.add(session);
    this.log.debug(`sim-gateway: connection ${session.id} from ${session.remote}`);
    const dropAfter = Number(this.faults.get("drop-after") || 0);
    if (dropAfter > 0) session.track("drop-after", this.clock.setTimer(dropAfter * 1000, () => session.drop(`drop-after fault (${dropAfter} s)`)));
  }

  #allowMessage(session: Session): boolean {
    let rate = this.#rates.get(session);
    if (!rate) this.#rates.set(session, (rate = new MessageRate(this.clock)));
    const count = rate.hit();
    if (count <= MAX_MESSAGES_PER_SECOND) return true;
    session.error(-1, 100, `Max rate of messages per second has been exceeded:max=${MAX_MESSAGES_PER_SECOND} rec=${count}`);
    if (this.faults.get("pacing-strict")) session.close(`message rate ${count}/s exceeds ${MAX_MESSAGES_PER_SECOND}/s (pacing-strict)`);
    return false;
  }

  #onFaultChange(name: FaultName, value: number | boolean | string | undefined): void {
    this.log.info(`sim-gateway: fault ${name} ${value === undefined ? "cleared" : `set to ${String(value)}`}`);
    if (name === "hang-with-order" && value === undefined) {
      // The held frames reach the gateway after all, each on the connection it came by.
      for (const { session, fields } of this.#held.splice(0)) {
        session.resume();
        this.dispatch(session, Number(fields[0]), fields);
      }
    }
    if (name === "restart" && value !== undefined) {
      // A restarted gateway: every client cut off; the account lives on (as IB's servers keep it).
      this.dropConnections();
      this.account.reboot();
      this.faults.clear("restart");
    }
    if (name === "farm-down") {
      if (value) {
        this.sendSystemMessage(2103);
        this.sendSystemMessage(2105);
      } else {
        this.sendSystemMessage(2104);
        this.sendSystemMessage(2106);
      }
    }
    if (name === "connectivity-lost" && value !== undefined) {
      const code = value === "1101" ? 1101 : 1102;
      if (this.connections > 0) this.#loseConnectivity(code);
      else {
        // Nobody would see it now (e.g. --fault at start): the next client to connect does.
        this.#connectivityArmed = code;
        this.log.info(`sim-gateway: connectivity-lost armed: 1100 then ${code} when the next client connects`);
      }
    } else if (name === "connectivity-lost") this.#connectivityArmed = undefined;
  }

  /**
   * TWS loses its link to IB: 1100 now, `code` after the delay. Streams stop meanwhile; with
   * 1101 ("data lost") every market-data subscription is gone afterwards and must be
   * requested again, with 1102 they resume by themselves.
   */
  #loseConnectivity(code: 1101 | 1102): void {
    this.#connectivityArmed = undefined;
    if (this.#connectivityLost) return;
    this.#connectivityLost = true;
    this.sendSystemMessage(1100);
    this.clock.setTimer(this.#reconnectDelayMs, () => {
      this.#connectivityLost = false;
      if (code === 1101) {
        for (const s of this.readySessions()) {
          const n = s.untrackWhere(["mkt:", "rtb:", "hist:"]);
          if (n > 0) this.log.info(`sim-gateway: connection ${s.id}: ${n} market-data subscription(s) lost with 1101`);
        }
      }
      this.sendSystemMessage(code);
      this.faults.clear("connectivity-lost");
    });
  }
}
