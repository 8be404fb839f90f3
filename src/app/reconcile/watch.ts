import { subscribePositions } from "../../adapters/ib/execution/position-updates.ts";
import { reconcile, type ReconcileOptions, type ReconcileReport } from "./reconcile.ts";
import type { ReconciliationGate } from "./gate.ts";

export interface ReconcileWatch {
  /** Reconciles now (queued behind one already running); the gate follows the outcome. */
  run(trigger: string): Promise<ReconcileReport>;
  /**
   * Asks for a pass soon without holding new orders meanwhile (the timer, an anomaly): one
   * already waiting to start covers it.
   */
  poke(trigger: string): void;
  stop(): void;
}

export interface WatchOptions extends ReconcileOptions {
  readonly gate: ReconciliationGate;
  readonly onReport?: (report: ReconcileReport) => void;
  /** Continuous reconciliation (DESIGN.md invariant 13): a pass every this many ms; 0 = none. */
  readonly intervalMs?: number;
  /** Follow IB's position stream: a position that disagrees with the database is an anomaly (a pass now). */
  readonly watchPositions?: boolean;
}

/**
 * Reconciliation at start (call `run("start")`), after every reconnect (a new API session,
 * 1101 restored-data-lost, 1102 restored-data-kept), every `intervalMs` and on anomalies
 * (`poke`: an order unanswered, a fill without its commission, a position update that
 * disagrees with the database). The gate holds all new orders from the moment the link is lost until the
 * reconciliation that follows has finished; routine passes do not hold it, they only move
 * the blocked symbols (a mismatch blocks its symbol and clears itself once both agree).
 */
export function watchReconciliation(options: WatchOptions): ReconcileWatch {
  const { conn, gate } = options;
  let chain: Promise<unknown> = Promise.resolve();
  let waiting = false;
  let stopped = false;
  let started = false;
  const enqueue = (trigger: string): Promise<ReconcileReport> => {
    const next = chain.then(async () => {
      waiting = false;
      const report = await reconcile(options, trigger);
      gate.update(report);
      options.onReport?.(report);
      positions?.renew();
      return report;
    });
    chain = next.catch(() => undefined);
    return next;
  };
  const run = (trigger: string): Promise<ReconcileReport> => {
    started = true;
    gate.hold(`reconciling with the broker (${trigger}); no new orders until it has finished`);
    return enqueue(trigger);
  };
  const poke = (trigger: string): void => {
    // Only over a working link: a reconnect runs its own pass.
    if (stopped || waiting || conn.state !== "connected" || !started) return;
    waiting = true;
    void enqueue(trigger).catch((error) => options.log?.error(`reconciliation (${trigger}) failed:`, error));
  };
  const positions = options.watchPositions
    ? subscribePositions(conn, (account, symbol, qty) => {
        const { store } = options;
        if ((store.account !== "" && account !== store.account) || gate.blockedSymbols().includes(symbol)) return;
        const held = store.positions().find((p) => p.symbol === symbol)?.qty ?? 0;
        if (held !== qty) poke(`anomaly: IB reports a ${symbol} position of ${qty}, the database holds ${held}`);
      })
    : undefined;
  const every = options.intervalMs ?? 0;
  const timer = every > 0 ? setInterval(() => poke("timer"), every) : undefined;
  const offs = [
    conn.events.on("session", (_session, info) => {
      if (info.reconnect) void run("reconnect").catch((error) => options.log?.error("reconciliation after reconnect failed:", error));
    }),
    conn.events.on("restored", ({ dataLost }) => void run(dataLost ? "1101" : "1102").catch((error) => options.log?.error("reconciliation after 1101/1102 failed:", error))),
    conn.events.on("lost", () => gate.hold("IB lost its connection to its servers (1100); no new orders until reconnected and reconciled")),
    conn.events.on("state", (next) => {
      if (next === "disconnected") gate.hold("not connected to IB; no new orders until reconnected and reconciled");
    }),
  ];
  return {
    run,
    poke,
    stop: () => {
      stopped = true;
      if (timer) clearInterval(timer);
      positions?.stop();
      for (const off of offs.splice(0)) off();
    },
  };
}
