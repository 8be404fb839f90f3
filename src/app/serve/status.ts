import { sessionAt, type MarketSession } from "../../core/calendar/index.ts";
import type { KillSwitchState } from "../runner/kill-switch.ts";
import type { StoreState } from "./store.ts";
import type { Status } from "../runner/status.ts";

/**
 * The page's `status` topic: the status builder's runner, safety and connection parts in
 * the shape the page draws, plus the store state and the NYSE session. Unknown is null.
 */
export interface DashboardStatus {
  readonly store: StoreState & { readonly path: string };
  readonly mode: "sim" | "paper" | "live" | null;
  /** Masked (DU12****); null for a local paper run or when unknown. */
  readonly account: string | null;
  readonly runner: DashboardRunner;
  readonly connection: (Record<string, unknown> & { readonly state: string; readonly updatedAt: number }) | null;
  /** null only when there is no store to read it from. */
  readonly killSwitch: KillSwitchState | null;
  readonly circuitBreaker: Status["circuitBreaker"];
  readonly reconciliation: Status["reconciliation"];
  readonly pnl: Status["pnl"] | null;
  /** Each strategy's positions, orders and P&L; null when there is no store. */
  readonly strategies: Status["strategies"] | null;
  readonly market: DashboardMarket;
  readonly unreadable: readonly string[];
  /** Manual control (pause, the last requests); null when there is no store. */
  readonly control: Status["control"] | null;
  /** Webhook delivery counts (URLs masked); null when none were published. */
  readonly notify: Status["notify"];
}

export interface DashboardRunner {
  /** never: no runner ever wrote to this database. */
  readonly state: "running" | "stale" | "stopped" | "never";
  readonly why: string;
  /** running: start; stopped: stop time (or its last report); stale: last heartbeat. */
  readonly since: number | null;
  readonly startedAt: number | null;
  readonly lastHeartbeatAt: number | null;
  readonly pid: number | null;
  readonly host: string | null;
  readonly strategy: string | null;
  readonly symbols: readonly string[] | null;
  readonly broker: string | null;
  readonly exitReason: string | null;
}

export interface DashboardMarket {
  readonly session: MarketSession;
  readonly tradingDay: string;
  readonly isTradingDay: boolean;
  readonly isEarlyClose: boolean;
  readonly holidayName: string | null;
  readonly nextOpen: number;
  readonly nextClose: number;
}

export function marketView(now: number): DashboardMarket {
  const s = sessionAt(now);
  return {
    session: s.session, tradingDay: s.tradingDay, isTradingDay: s.isTradingDay, isEarlyClose: s.isEarlyClose,
    holidayName: s.holidayName ?? null, nextOpen: s.nextOpen, nextClose: s.nextClose,
  };
}

const MODES = new Set(["sim", "paper", "live"]);

export function dashboardStatus(status: Status, store: { path: string }, now: number): DashboardStatus {
  const r = status.runner;
  const info = r.info;
  const never = r.state === "stopped" && info === null;
  const since = r.state === "running" ? r.startedAt : r.state === "stale" ? r.heartbeatAt : (info?.stoppedAt ?? info?.updatedAt ?? null);
  const mode = info && MODES.has(info.mode) ? (info.mode as DashboardStatus["mode"]) : null;
  const connection = "updatedAt" in status.connection ? (status.connection as DashboardStatus["connection"]) : null;
  return {
    store: { state: "ok", path: store.path },
    mode,
    account: r.account ?? info?.account ?? null,
    runner: {
      state: never ? "never" : r.state, why: r.why, since, startedAt: r.startedAt ?? info?.startedAt ?? null, lastHeartbeatAt: r.heartbeatAt,
      pid: r.pid ?? info?.pid ?? null, host: r.host ?? info?.host ?? null, strategy: info?.strategy ?? null, symbols: info?.symbols ?? null,
      broker: info?.broker ?? null, exitReason: info?.exitReason ?? null,
    },
    connection,
    killSwitch: status.killSwitch,
    circuitBreaker: status.circuitBreaker,
    reconciliation: status.reconciliation,
    pnl: status.pnl,
    strategies: status.strategies,
    market: marketView(now),
    unreadable: status.unreadable,
    control: status.control,
    notify: status.notify,
  };
}

/** The status topic when there is no store to read: every value unknown. */
export function noStoreStatus(store: StoreState & { path: string }, now: number): DashboardStatus {
  return {
    store, mode: null, account: null,
    runner: { state: "never", why: "no database yet", since: null, startedAt: null, lastHeartbeatAt: null, pid: null, host: null, strategy: null, symbols: null, broker: null, exitReason: null },
    connection: null, killSwitch: null, circuitBreaker: null, reconciliation: null, pnl: null, strategies: null,
    market: marketView(now), unreadable: [], control: null, notify: null,
  };
}
