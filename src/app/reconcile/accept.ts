import { fetchPositions } from "../../adapters/ib/execution/account.ts";
import { IbConnection } from "../../adapters/ib/connection/connection.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { acceptBrokerPosition, lastReconciliation, RECONCILIATION_STATE_KEY } from "../../adapters/sqlite/engine-store-reconcile.ts";
import { SqliteStore } from "../../adapters/sqlite/engine-store.ts";
import { listLeases } from "../../adapters/sqlite/lease-repo.ts";
import { setState } from "../../adapters/sqlite/state-repo.ts";
import { getOrder } from "../../adapters/sqlite/orders-repo.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import { ZERO } from "../../core/money.ts";
import type { Position } from "../../core/position.ts";
import type { Logger } from "../../log/logger.ts";
import { maskSecret } from "../../log/mask.ts";
import { RUNNER_LEASE_MS } from "../runner/lock.ts";

export interface AcceptOptions {
  readonly config: AppConfig;
  readonly db: Db;
  readonly symbol: string;
  readonly reason: string;
  readonly log: Logger;
  readonly now: number;
}

/** IB could not be asked (gateway down, no answer): nothing was changed. */
export interface BrokerUnavailable {
  readonly error: string;
  readonly fix: string;
}

export interface AcceptResult {
  /** The position now stored: IB's, as IB reports it now. */
  readonly position: Position;
  /** What the database held before. */
  readonly before: number;
  /** Masked account id. */
  readonly account: string;
  /** In-doubt orders of the symbol given up (stored as failed): none of them is ever sent again. */
  readonly givenUp: readonly string[];
}

/**
 * `robotrader reconcile accept --symbol X`: a person has looked at a reported position
 * mismatch (or an order in doubt: sent, but IB shows no trace of it) and takes IB's position
 * as the truth; the symbol's orders in doubt are given up (failed, never sent again). Only for a mismatch the last reconciliation
 * reported, only while no runner trades the account (its books in memory would not follow),
 * with IB's position asked for again now (quantity and average cost). Stores it with an info
 * alert, and drops the symbol's mismatch from the reconciliation row; the next run's
 * reconciliation at start checks the two agree.
 */
export async function acceptBrokerMismatch(o: AcceptOptions): Promise<AcceptResult | BrokerUnavailable> {
  const symbol = o.symbol.trim().toUpperCase();
  const record = lastReconciliation(o.db);
  if (!record) throw new UserError(`no reconciliation has been recorded in this database; 'run --broker ibkr' reconciles at start`);
  const resolves = (p: { kind: string; symbol?: string }) => (p.kind === "position-mismatch" || p.kind === "order-in-doubt") && p.symbol === symbol;
  const solved = record.problems.filter(resolves);
  if (solved.length === 0) {
    const others = [...new Set(record.problems.filter((p) => p.kind === "position-mismatch" || p.kind === "order-in-doubt").map((p) => p.symbol))];
    throw new UserError(
      `the last reconciliation (${new Date(record.time).toISOString()}) reported no position mismatch or order in doubt for ${symbol}` +
        (others.length ? `; to resolve: ${others.join(", ")}` : "; nothing to accept"),
    );
  }
  const lease = listLeases(o.db).find((l) => l.account === record.account && o.now - l.heartbeatAt < RUNNER_LEASE_MS);
  if (lease) {
    throw new UserError(`a runner (pid ${lease.pid} on ${lease.host}) is trading this account; stop it first, accept, then start it again (it loads positions at start)`);
  }
  const held = await brokerPosition(o, record.account, symbol);
  if ("error" in held) return held;
  const before = new SqliteStore(o.db, { account: record.account }).positions().find((p) => p.symbol === symbol)?.qty ?? 0;
  const store = new SqliteStore(o.db, { account: record.account, now: () => o.now });
  acceptBrokerPosition(store, held, o.reason);
  // An order in doubt stays failed for good: if IB executes it after all, reconciliation records that fill (by its key).
  const givenUp = solved.flatMap((p) => (p.kind === "order-in-doubt" && p.key !== undefined && getOrder(o.db, p.key) ? [p.key] : []));
  for (const key of givenUp) {
    store.recordOrderUpdate({ kind: "order", key, state: "failed", filledQty: 0, remainingQty: 0, time: o.now, reason: `in doubt (sent, no trace at IB); given up by hand: ${o.reason}` });
  }
  const problems = record.problems.filter((p) => !resolves(p));
  setState(o.db, RECONCILIATION_STATE_KEY, { ...record, problems, blockedSymbols: record.blockedSymbols.filter((s) => s !== symbol) }, o.now);
  return { position: held, before, account: maskSecret(record.account), givenUp };
}

/** IB's position in `symbol` for `account`, asked for now over a read-only connection (flat: 0). */
async function brokerPosition(o: AcceptOptions, account: string, symbol: string): Promise<Position | BrokerUnavailable> {
  const { host, port, clientId, handshakeTimeoutMs } = o.config.gateway;
  const conn = new IbConnection({ host, port, clientId, handshakeTimeoutMs, startAttempts: 2, log: o.log, reloginNotice: false, backoff: { baseMs: 200, maxMs: 1000 } });
  try {
    const started = await conn.start();
    const unchanged = "nothing was changed; accept again once IB answers";
    if (!started.ok) return { error: `cannot ask IB for the ${symbol} position: no gateway at ${host}:${port} (${started.error.message})`, fix: `run 'robotrader diagnose-gateway --host ${host} --port ${port}' for the cause, or pass --host/--port; ${unchanged}` };
    const positions = await fetchPositions(conn);
    if (!positions.ok) return { error: `cannot ask IB for the ${symbol} position: ${positions.error.message}`, fix: `run 'robotrader diagnose-gateway --host ${host} --port ${port}'; ${unchanged}` };
    const p = positions.value.find((x) => x.symbol === symbol && (account === "" || x.account === account));
    return p ? { symbol, qty: p.qty, avgCost: p.avgCost } : { symbol, qty: 0, avgCost: ZERO };
  } finally {
    await conn.close();
  }
}
