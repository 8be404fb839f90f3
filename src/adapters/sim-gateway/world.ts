import type { Logger } from "../../log/logger.ts";
import type { AccountFeed } from "./account-feed.ts";
import type { OrderEngine } from "./orders/engine.ts";
import type { SimAccount } from "./account/account.ts";
import type { Clock } from "../../core/clock.ts";
import type { Faults } from "./faults.ts";
import type { MarketReplay } from "./market/replay.ts";
import type { ReplayTicker } from "./market/ticker.ts";
import type { HistoricalPacing } from "./pacing.ts";
import type { Session } from "./session.ts";

/** What sessions and handlers share: the gateway's state for the whole process. */
export interface SimWorld {
  readonly log: Logger;
  readonly clock: Clock;
  readonly replay: MarketReplay;
  readonly account: SimAccount;
  readonly faults: Faults;
  readonly accountId: string;
  readonly pacing: { allowMessage(session: Session): boolean };
  readonly historicalPacing: HistoricalPacing;
  clientIdInUse(clientId: number, except: Session): boolean;
  sessionReady(session: Session): void;
  sessionClosed(session: Session): void;
  dispatch(session: Session, msgId: number, fields: readonly string[]): void;
  /** hang-with-order: keeps a placeOrder unprocessed until the fault is cleared. */
  holdOrder(session: Session, fields: readonly string[]): void;
  /** ms a connection may take to complete the API handshake before it is closed; 0 = forever. */
  readonly handshakeTimeoutMs: number;
  readySessions(): Iterable<Session>;
  /** True while streaming market data is interrupted (farm down, or connectivity lost). */
  dataPaused(): boolean;
  /** Symbols besides the default universe that the data source was asked about or configured with. */
  knownSymbols(): Iterable<string>;
  readonly ticker: ReplayTicker;
  readonly orders: OrderEngine;
  readonly accountFeed: AccountFeed;
}

export interface HandlerContext {
  readonly session: Session;
  readonly world: SimWorld;
}
