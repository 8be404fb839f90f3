import { hostname } from "node:os";
import type { Db } from "../../adapters/sqlite/db.ts";
import { MetricsRegistry } from "../../core/metrics/index.ts";
import type { Logger } from "../../log/logger.ts";
import { killSwitchForRisk, KillSwitchWatcher, readKillSwitch, type KillSwitchState } from "./kill-switch.ts";
import { startMetricsSnapshotter, type MetricsSnapshotter } from "./metrics-snapshotter.ts";
import { acquireRunnerLock, RUNNER_HEARTBEAT_MS, RUNNER_LEASE_MS, type RunnerLock } from "./lock.ts";
import { RunnerStateWriter, type RunnerInfo } from "./state.ts";

export interface RunnerServicesOptions {
  readonly db: Db;
  /** The account whose lease is taken (a local paper/sim run without one: "local"). */
  readonly account: string;
  /** What the runner reports about itself; pid, host, times and lease settings are filled in. */
  readonly info: Pick<RunnerInfo, "mode" | "broker" | "account" | "strategy" | "symbols">;
  readonly log?: Logger;
  readonly runId?: number;
  readonly registry?: MetricsRegistry;
  readonly heartbeatMs?: number;
  readonly leaseMs?: number;
  readonly snapshotIntervalMs?: number;
  readonly killSwitchPollMs?: number;
  /** The lease was lost: stop sending orders, then shut down. */
  readonly onLeaseLost?: (why: string) => void;
  readonly onKillSwitch?: (current: KillSwitchState) => void;
  readonly now?: () => number;
}

/**
 * The runner's operational parts in one call, in start order: the account lock (throws
 * UserError when another runner holds it), the runner state row, the kill switch watcher,
 * the metrics snapshotter. `stop` undoes them in reverse and records why the runner ended.
 */
export interface RunnerServices {
  readonly lock: RunnerLock;
  readonly state: RunnerStateWriter;
  readonly metrics: MetricsRegistry;
  readonly killSwitch: KillSwitchWatcher;
  readonly snapshotter: MetricsSnapshotter;
  /**
   * Call right before sending each order: throws LeaseLostError if another runner owns
   * the account, and returns the kill switch as read now, in the risk rules' shape.
   */
  preOrderCheck(): { on: boolean; reason?: string };
  /** Final snapshot, runner row "stopped"/"failed" with the reason, lease released. Idempotent. */
  stop(exitReason: string, failed?: boolean): void;
}

export function startRunnerServices(options: RunnerServicesOptions): RunnerServices {
  const now = options.now ?? Date.now;
  const { db } = options;
  const heartbeatMs = options.heartbeatMs ?? RUNNER_HEARTBEAT_MS;
  const leaseMs = options.leaseMs ?? RUNNER_LEASE_MS;
  const lock = acquireRunnerLock({
    db, account: options.account, heartbeatMs, leaseMs, now,
    ...(options.log ? { log: options.log } : {}),
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.onLeaseLost ? { onLost: options.onLeaseLost } : {}),
  });
  const state = new RunnerStateWriter(db, now);
  const info: RunnerInfo = {
    ...options.info, state: "running", pid: lock.lease.pid, host: lock.lease.host || hostname(), startedAt: lock.lease.startedAt,
    stoppedAt: null, exitReason: null, heartbeatMs, leaseMs,
  };
  state.runner(info);
  const killSwitch = new KillSwitchWatcher(db, {
    ...(options.killSwitchPollMs !== undefined ? { intervalMs: options.killSwitchPollMs } : {}),
    onChange: (current) => {
      options.log?.warn(`kill switch ${current.on ? "ON: new orders blocked" : "off: new orders allowed"}${current.reason ? ` (${current.reason})` : ""}`);
      options.onKillSwitch?.(current);
    },
    onError: (error) => options.log?.warn(`kill switch: read failed, keeping the last state: ${error.message}`),
  }).start();
  const atStart = readKillSwitch(db);
  if (atStart.on) options.log?.warn(killSwitchOnAtStart(atStart));
  const metrics = options.registry ?? MetricsRegistry.standard();
  const snapshotter = startMetricsSnapshotter({
    db, registry: metrics, now,
    ...(options.snapshotIntervalMs !== undefined ? { intervalMs: options.snapshotIntervalMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  let stopped = false;
  return {
    lock, state, metrics, killSwitch, snapshotter,
    preOrderCheck() {
      lock.assertHeld();
      return killSwitchForRisk(readKillSwitch(db));
    },
    stop(exitReason, failed = false) {
      if (stopped) return;
      stopped = true;
      killSwitch.stop();
      snapshotter.stop();
      if (lock.held) {
        try {
          state.runner({ ...info, state: failed ? "failed" : "stopped", stoppedAt: now(), exitReason });
        } catch (error) {
          options.log?.warn(`runner state not written at stop: ${(error as Error).message}`);
        }
      }
      lock.release();
    },
  };
}

/** Said once at start: a runner that trades nothing for a reason set days ago must say why. */
export function killSwitchOnAtStart(state: KillSwitchState): string {
  const since = state.at !== null ? ` since ${new Date(state.at).toISOString()}` : "";
  const by = state.by ? ` by ${state.by}` : "";
  const reason = state.reason ? ` (${state.reason})` : "";
  return `kill switch is ON${since}${by}${reason}: no new orders until 'robotrader kill-switch off --reason "..."'`;
}
