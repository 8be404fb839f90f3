import type { SymbolBar } from "../../core/bar.ts";
import type { Logger } from "../../log/logger.ts";
import type { SimAccount } from "./account/account.ts";
import type { Clock } from "../../core/clock.ts";
import type { FaultName, FaultSettings } from "./faults.ts";

export interface SimGatewayOptions {
  /** Default 127.0.0.1; never bind beyond loopback unless asked. */
  host?: string;
  /** 0 = ephemeral (tests). Default 4002. */
  port?: number;
  /** Replay speed multiplier (1 = real time). */
  speed?: number;
  accountId?: string;
  startingCash?: number;
  faults?: Partial<FaultSettings>;
  /** Data source; default: embedded SPX plus simulated symbols derived from it. */
  bars?: (symbol: string) => readonly SymbolBar[] | undefined;
  log?: Logger;
  /** Time source and timers; tests pass a FakeClock. */
  clock?: Clock;
  /** First replayed trading day, "YYYY-MM-DD"; default 250 trading days before the data's end. */
  replayStart?: string;
  /** Symbol whose trading days the replay walks; default "SPX". */
  calendarSymbol?: string;
  /** Delay before 1101/1102 follows 1100 under the connectivity-lost fault; default 2000 ms. */
  reconnectDelayMs?: number;
  /** A socket that has not completed the API handshake after this many ms (wall time) is closed; default 20000, 0 = never. */
  handshakeTimeoutMs?: number;
  /** Seed of the drop-order-messages fault's coin (default 1). */
  seed?: number;
  /**
   * Least real time between streaming ticks (default 200 ms): at high speed one tick carries
   * several 5-second steps. The live-latency bench sets it below 5000/speed, so each tick
   * (one socket read at the runner) carries one step of every symbol, as IB sends them.
   */
  tickMs?: number;
}

export interface SimGateway {
  readonly host: string;
  readonly port: number;
  setFault(name: FaultName, value: number | boolean | string): void;
  clearFault(name: FaultName): void;
  /** Push IB system messages to connected clients now: 1100, 1101, 1102, 2103..2108, 2157/2158. */
  sendSystemMessage(code: number, text?: string): void;
  /** Abrupt close of all client sockets. */
  dropConnections(): void;
  /** placeOrder frames held by the hang-with-order fault, not yet processed. */
  readonly heldOrders: number;
  /** Currently connected API clients (past startApi). */
  readonly connections: number;
  /** Market-data streams open now, per connection (id), by kind and symbol: a resubscription must never double one. */
  openStreams(): { readonly connection: number; readonly kind: "realtime-bars" | "keep-up-to-date" | "market-data"; readonly symbol: string; readonly reqId: number }[];
  readonly account: SimAccount;
  /** The replayed market instant, epoch ms. */
  readonly marketTime: number;
  close(): Promise<void>;
}
