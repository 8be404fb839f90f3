import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import type { Logger } from "../../log/logger.ts";
import type { CircuitBreakerStatus, RunnerStateWriter } from "../runner/state.ts";
import type { RunnerRegimes } from "../../adapters/sqlite/runner-regimes-repo.ts";

/**
 * Keeps the `connection`, `circuit-breaker`, `last-prices` and `runner-regimes` state rows (runner-state.ts)
 * current for `robotrader status` and the status page: the connection on every state
 * change and answered heartbeat, the others every few seconds. A failed write is logged; trading goes on.
 */
export function watchStatus(o: {
  readonly state: RunnerStateWriter;
  readonly conn: IbConnection;
  readonly where: { readonly host: string; readonly port: number };
  readonly circuit: () => CircuitBreakerStatus;
  /** The traded symbols' regimes now (runner-regimes row), read at each tick. */
  readonly regimes?: () => RunnerRegimes;
  /** Other periodic writes of the runner (buffered model predictions), at each tick. */
  readonly flush?: () => void;
  readonly log: Logger;
  readonly everyMs?: number;
  /** Runs a tick's writes as one write (one transaction without an fsync of its own: status rows, no order depends on them). */
  readonly together?: (writes: () => void) => void;
}): () => void {
  let reconnects = 0;
  let connectedAt: number | null = null;
  let lastError: string | null = null;
  let lastHeartbeatAt: number | null = null;
  const safely = (what: string, write: () => void) => {
    try {
      write();
    } catch (error) {
      o.log.warn(`status row '${what}' not written: ${(error as Error).message}`);
    }
  };
  const connection = () =>
    safely("connection", () =>
      o.state.connection({
        state: o.conn.state, host: o.where.host, port: o.where.port, clientId: o.conn.clientId, serverVersion: o.conn.session?.serverVersion ?? null,
        connectedAt, lastHeartbeatAt, reconnects, farms: o.conn.farms.list().map((f) => ({ kind: f.kind, farm: f.farm, state: f.state, since: f.since })), lastError,
      }),
    );
  if (o.conn.isReady) connectedAt = Date.now();
  const offs = [
    o.conn.events.on("state", (next) => {
      if (next === "connected") connectedAt = Date.now();
      connection();
    }),
    o.conn.events.on("session", (_s, { reconnect }) => {
      if (reconnect) reconnects++;
      connection();
    }),
    o.conn.events.on("attemptFailed", (f) => (lastError = `${f.reason}: ${f.message}`)),
    // Wall time of the last answered reqCurrentTime: the API (not just TCP) is alive.
    o.conn.events.on("heartbeat", () => {
      lastHeartbeatAt = Date.now();
      connection();
    }),
  ];
  connection();
  const writes = () => {
    safely("circuit-breaker", () => o.state.circuitBreaker(o.circuit()));
    safely("last-prices", () => o.state.flushPrices());
    const regimes = o.regimes;
    if (regimes) safely("runner-regimes", () => o.state.regimes(regimes()));
  };
  const tick = () => {
    if (o.together) safely("status rows", () => o.together!(writes));
    else writes();
    o.flush?.();
  };
  tick();
  const timer = setInterval(tick, o.everyMs ?? 2_000);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    for (const off of offs) off();
    tick();
    connection();
  };
}
