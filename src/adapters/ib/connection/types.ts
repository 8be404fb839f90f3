import type { Logger } from "../../../log/logger.ts";
import type { Clock } from "../../../core/clock.ts";
import type { FarmNotice } from "./farm-status.ts";
import type { HandshakeFailure, Session } from "./handshake.ts";

export type ConnectionState = "disconnected" | "connecting" | "connected" | "paused" | "waiting" | "closed";

export interface IbMessage {
  readonly code: number;
  readonly message: string;
  readonly reqId: number;
}

export interface ConnectionEvents extends Record<string, unknown[]> {
  state: [next: ConnectionState, previous: ConnectionState];
  /** A new API session is ready; `reconnect` is true after the first one. */
  session: [session: Session, info: { reconnect: boolean }];
  /** IB 1100: TWS lost its link to IB. Trading pauses; the socket stays. */
  lost: [];
  /** IB 1101 (dataLost: resubscribe + backfill) or 1102 (data kept: resume). */
  restored: [info: { dataLost: boolean }];
  farm: [notice: FarmNotice];
  /** An IB error or warning no pending request claimed. */
  message: [message: IbMessage];
  attemptFailed: [failure: HandshakeFailure, info: { attempt: number; retryInMs: number | undefined }];
  /** The server answered the heartbeat (reqCurrentTime); `at` is the local clock then. */
  heartbeat: [at: number];
}

export interface IbConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly handshakeTimeoutMs: number;
  /** Attempts for start() before it gives up (default 1). Reconnects after a drop never give up. */
  readonly startAttempts?: number;
  readonly heartbeatMs?: number;
  readonly heartbeatTimeoutMs?: number;
  /** A frame from the gateway begun but stalled this long is a protocol fault: drop and reconnect (default 3000). */
  readonly frameStallMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly log?: Logger;
  /** Orders are refused unless this is true (read-only data mode is the default). */
  readonly allowOrders?: boolean;
  /** Warn about IB's weekly re-login when it is near (default true; off for the simulator, which has none). */
  readonly reloginNotice?: boolean;
  /** The id to try after IB says 326 for `current` (default: current + 1). */
  readonly nextClientId?: (current: number) => number;
}
