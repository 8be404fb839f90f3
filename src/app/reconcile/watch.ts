import { reconcile, type ReconcileOptions, type ReconcileReport } from "./reconcile.ts";
import type { ReconciliationGate } from "./gate.ts";

export interface ReconcileWatch {
  /** Reconciles now (queued behind one already running); the gate follows the outcome. */
  run(trigger: string): Promise<ReconcileReport>;
  stop(): void;
}

/**
 * Reconciliation at start (call `run("start")`) and after every reconnect: a new API session,
 * 1101 (restored, data lost) or 1102 (restored, data kept). The gate holds all new orders
 * from the moment the link is lost until the reconciliation that follows has finished.
 */
export function watchReconciliation(options: ReconcileOptions & { readonly gate: ReconciliationGate; readonly onReport?: (report: ReconcileReport) => void }): ReconcileWatch {
  const { conn, gate } = options;
  let chain: Promise<unknown> = Promise.resolve();
  const run = (trigger: string): Promise<ReconcileReport> => {
    gate.hold(`reconciling with the broker (${trigger}); no new orders until it has finished`);
    const next = chain.then(async () => {
      const report = await reconcile(options, trigger);
      gate.update(report);
      options.onReport?.(report);
      return report;
    });
    chain = next.catch(() => undefined);
    return next;
  };
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
    stop: () => {
      for (const off of offs.splice(0)) off();
    },
  };
}
