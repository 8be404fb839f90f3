import { hostname } from "node:os";
import { listAlerts, type AlertRow } from "../../adapters/sqlite/alerts-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { listFills } from "../../adapters/sqlite/fills-repo.ts";
import { listLeases, type LeaseRow } from "../../adapters/sqlite/lease-repo.ts";
import { latestMetrics, type StoredMetrics } from "../../adapters/sqlite/metrics-repo.ts";
import { listAllPositions, openAndRecentOrders } from "../../adapters/sqlite/status-repo.ts";
import { listStrategyPositions } from "../../adapters/sqlite/strategy-positions-repo.ts";
import { strategyViews, type StrategyView } from "./status-strategies.ts";
import { readPause, type PauseState } from "../control/pause.ts";
import { listControlRequests, type ControlRequest } from "../control/requests.ts";
import { readNotifyState, type NotifyState } from "../notify/notify-state.ts";
import { fromNewYork, toNewYork } from "../../core/calendar/index.ts";
import { money, ZERO } from "../../core/money.ts";
import { maskText } from "../../log/mask.ts";
import { readKillSwitch, type KillSwitchState } from "./kill-switch.ts";
import { isPidAlive, RUNNER_LEASE_MS } from "./lock.ts";
import { readRunnerState, type CircuitBreakerStatus, type ConnectionStatus, type ReconciliationStatus, type RunnerInfo } from "./state.ts";

/**
 * Everything `robotrader status` and the status page show, read from the store only (so
 * it works from another process while a runner writes). Unknown stays null/"unknown";
 * money is a decimal string. `time` is when it was built.
 */
export interface Status {
  readonly time: number;
  readonly runner: RunnerView;
  readonly killSwitch: KillSwitchState;
  readonly circuitBreaker: (CircuitBreakerStatus & { readonly updatedAt: number }) | null;
  readonly reconciliation: (ReconciliationStatus & { readonly updatedAt: number }) | null;
  /** The runner's last report; `current` is false when no runner is running (last known state). */
  readonly connection: (ConnectionStatus & { readonly updatedAt: number; readonly current: boolean }) | { readonly state: "unknown" };
  readonly positions: readonly PositionView[];
  readonly orders: readonly OrderView[];
  /** Each strategy's positions, orders and P&L (several strategies may share an account and a symbol). */
  readonly strategies: readonly StrategyView[];
  readonly trades: readonly TradeView[];
  readonly pnl: PnlView;
  /** The newest metric snapshot and its age; `time` null and empty maps when none was ever written. */
  readonly metrics: MetricsView;
  readonly alerts: readonly AlertRow[];
  /** State rows that exist but could not be read (written by another version). */
  readonly unreadable: readonly string[];
  /** Manual control: new entries paused or not, and the last requests (close, order, stop) with their outcome. */
  readonly control: { readonly paused: PauseState | null; readonly requests: readonly ControlRequest[] };
  /** The runner's webhook delivery counts (URLs masked); null when none were ever published. */
  readonly notify: NotifyState | null;
}

export type MetricsView =
  | (StoredMetrics & { readonly ageMs: number })
  | { readonly time: null; readonly ageMs: null; readonly intervalMs: null; readonly latency: {}; readonly throughput: {}; readonly counters: {}; readonly unreadable: readonly [] };

const NO_METRICS: MetricsView = Object.freeze({ time: null, ageMs: null, intervalMs: null, latency: {}, throughput: {}, counters: {}, unreadable: [] as const });

export type RunnerState = "running" | "stale" | "stopped";

export interface RunnerView {
  /** running: lease fresh; stale: lease left by a runner that crashed or froze; stopped: no lease. */
  readonly state: RunnerState;
  readonly why: string;
  readonly account: string | null;
  readonly pid: number | null;
  readonly host: string | null;
  readonly startedAt: number | null;
  readonly heartbeatAt: number | null;
  readonly heartbeatAgeMs: number | null;
  /** The runner's own last report (mode, strategy, symbols, stop time and reason). */
  readonly info: (RunnerInfo & { readonly updatedAt: number }) | null;
}

export interface PositionView {
  readonly account: string;
  readonly symbol: string;
  readonly qty: number;
  readonly avgCost: string;
  readonly lastPrice: number | null;
  readonly lastPriceAt: number | null;
  readonly unrealizedPnl: string | null;
}

export interface OrderView {
  readonly orderRef: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly type: string;
  readonly state: string;
  readonly filledQty: number;
  readonly avgFillPrice: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastError: string | null;
}

export interface TradeView {
  readonly execId: string;
  readonly orderRef: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: string;
  readonly commission: string;
  readonly realizedPnl: string | null;
  readonly time: number;
}

export interface PnlView {
  /** The New York trading day the figures are for. */
  readonly day: string;
  /** Sum of the realized P&L stored with today's fills (an opening fill realizes 0). */
  readonly realized: string;
  /** Today's fills whose realized P&L is unknown (not our order, so no stored position tells): not in `realized`. */
  readonly fillsWithoutPnl: number;
  readonly commissions: string;
  /**
   * The runner's account's open positions at their last price (every account's when the store
   * holds one account or no runner is known); null when one of them has no known price.
   */
  readonly unrealized: string | null;
  /** Positions of other accounts, left out of `unrealized` (the page says "+N in another account"). */
  readonly otherAccountPositions: number;
}

export interface StatusOptions {
  readonly now: number;
  readonly host?: string;
  readonly isAlive?: (pid: number) => boolean;
  readonly alertLimit?: number;
}

export function buildStatus(db: Db, options: StatusOptions): Status {
  const { now } = options;
  const state = readRunnerState(db);
  const unreadable = Object.entries(state).filter(([, r]) => r.unreadable).map(([k]) => k);
  const runnerInfo = state.runner.value ? { ...state.runner.value, updatedAt: state.runner.updatedAt! } : null;
  const leases = listLeases(db);
  const runner = runnerView(leases, runnerInfo, options);
  const prices = state.prices.value ?? {};
  const day = toNewYork(now).date;
  const trades = listFills(db, { since: fromNewYork(day, 0) });
  const stored = listAllPositions(db);
  const positions: PositionView[] = stored.map((p) => {
    const last = prices[p.symbol];
    return {
      account: maskText(p.account), symbol: p.symbol, qty: p.qty, avgCost: p.avgCost.toString(),
      lastPrice: last?.price ?? null, lastPriceAt: last?.time ?? null,
      unrealizedPnl: last ? money(last.price).minus(p.avgCost).times(p.qty).round(2).toString() : null,
    };
  });
  const book = runnerBook(stored.map((p) => p.account), leases, runnerInfo);
  const mine = positions.filter((_, i) => book === undefined || stored[i]!.account === book);
  const unrealized = mine.every((p) => p.unrealizedPnl !== null)
    ? mine.reduce((sum, p) => sum.plus(p.unrealizedPnl!), ZERO).toString()
    : null;
  const metrics = latestMetrics(db);
  const dayStart = fromNewYork(day, 0);
  const orders = openAndRecentOrders(db, dayStart);
  const with_ = <T>(r: { value: T | null; updatedAt: number | null }) => (r.value === null ? null : { ...r.value, updatedAt: r.updatedAt! });
  const connection = state.connection.value
    ? { ...state.connection.value, updatedAt: state.connection.updatedAt!, current: runner.state === "running" }
    : { state: "unknown" as const };
  return {
    time: now,
    runner,
    killSwitch: readKillSwitch(db),
    circuitBreaker: with_(state.circuitBreaker),
    reconciliation: with_(state.reconciliation),
    connection,
    positions,
    orders: orders.map((o) => ({ ...o, avgFillPrice: o.avgFillPrice?.toString() ?? null })),
    strategies: strategyViews(listStrategyPositions(db), orders, prices, dayStart),
    trades: trades.map((f) => ({
      execId: f.execId, orderRef: f.orderKey === "" ? null : f.orderKey, symbol: f.symbol, side: f.side, qty: f.qty,
      price: f.price.toString(), commission: f.commission.toString(), realizedPnl: f.realizedPnl?.toString() ?? null, time: f.time,
    })),
    pnl: {
      day,
      realized: trades.reduce((s, f) => (f.realizedPnl ? s.plus(f.realizedPnl) : s), ZERO).toString(),
      fillsWithoutPnl: trades.filter((f) => f.realizedPnl === null).length,
      commissions: trades.reduce((s, f) => s.plus(f.commission), ZERO).toString(),
      unrealized,
      otherAccountPositions: positions.length - mine.length,
    },
    metrics: metrics ? { ...metrics, ageMs: now - metrics.time } : NO_METRICS,
    alerts: listAlerts(db, { limit: options.alertLimit ?? 20 }),
    unreadable,
    control: { paused: readPause(db), requests: listControlRequests(db).slice(-10).reverse() },
    notify: readNotifyState(db),
  };
}

/**
 * The account whose positions the P&L counts: with positions of one account only, all
 * (undefined); else the runner's (a paper book is stored under "", an IB account under its
 * id), taken from its last report and newest lease. Unknown runner: all, as before.
 */
function runnerBook(accounts: readonly string[], leases: readonly LeaseRow[], info: RunnerInfo | null): string | undefined {
  if (new Set(accounts).size < 2) return undefined;
  if (info?.broker === "paper") return "";
  return [...leases].sort((a, b) => b.heartbeatAt - a.heartbeatAt)[0]?.account;
}

function runnerView(leases: readonly LeaseRow[], info: RunnerView["info"], options: StatusOptions): RunnerView {
  const lease = [...leases].sort((a, b) => b.heartbeatAt - a.heartbeatAt)[0];
  if (!lease) {
    const since = info?.stoppedAt ?? null;
    const why = info ? `no runner holds a lease${since !== null ? `; last one stopped ${new Date(since).toISOString()}` : ""}${info.exitReason ? ` (${info.exitReason})` : ""}` : "no runner has run with this database";
    return { state: "stopped", why, account: null, pid: null, host: null, startedAt: null, heartbeatAt: null, heartbeatAgeMs: null, info };
  }
  const leaseMs = info?.leaseMs ?? RUNNER_LEASE_MS;
  const age = options.now - lease.heartbeatAt;
  const here = options.host ?? hostname();
  const gone = lease.host === here && !(options.isAlive ?? isPidAlive)(lease.pid);
  const state: RunnerState = gone || age >= leaseMs ? "stale" : "running";
  const why = gone
    ? `pid ${lease.pid} is gone but its lease is still held: it crashed; the next run takes it over`
    : age >= leaseMs
      ? `no heartbeat for ${Math.round(age / 1000)} s (lease ${Math.round(leaseMs / 1000)} s): crashed, frozen or cut off`
      : `pid ${lease.pid} on ${lease.host}, heartbeat ${Math.max(0, Math.round(age / 1000))} s ago`;
  return {
    state, why, account: maskText(lease.account), pid: lease.pid, host: lease.host,
    startedAt: lease.startedAt, heartbeatAt: lease.heartbeatAt, heartbeatAgeMs: age, info,
  };
}
