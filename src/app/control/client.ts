import { hostname } from "node:os";
import type { Db } from "../../adapters/sqlite/db.ts";
import { listLeases } from "../../adapters/sqlite/lease-repo.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import { withExistingStore } from "../data/store.ts";
import { isPidAlive, RUNNER_LEASE_MS } from "../runner/lock.ts";
import { FINISHED, readControlRequest, submitControlRequest, type ControlAction, type ControlRequest } from "./requests.ts";

export interface ControlOutcome {
  readonly request: ControlRequest;
  /** False when the same action was already waiting: this is that request. */
  readonly created: boolean;
  /** False when the runner had not finished it within the wait (it stays queued). */
  readonly answered: boolean;
}

/** The pid of a runner holding a fresh lease, or undefined. */
export function runningRunner(db: Db, now: number): { pid: number; host: string } | undefined {
  const here = hostname();
  return listLeases(db).find((l) => now - l.heartbeatAt < RUNNER_LEASE_MS && (l.host !== here || isPidAlive(l.pid)));
}

/**
 * Asks the running runner to do something and waits (at most `waitMs`) for its answer.
 * Refused (UserError) when no runner is running: nothing would carry it out.
 */
export async function requestControl(config: Pick<AppConfig, "dataDir">, o: { action: ControlAction; by: string; waitMs: number; pollMs?: number }): Promise<ControlOutcome> {
  return withExistingStore(config, async (db) => {
    if (!db) throw new UserError(`no database in ${config.dataDir}: no runner has run here (start one with 'robotrader run')`);
    if (!runningRunner(db, Date.now())) throw new UserError("no runner is running (see 'robotrader status'): start one with 'robotrader run'; nothing was requested");
    const { request, created } = submitControlRequest(db, { action: o.action, by: o.by, now: Date.now() });
    const deadline = Date.now() + o.waitMs;
    let current = request;
    while (!FINISHED.has(current.state) && Date.now() < deadline) {
      await Bun.sleep(o.pollMs ?? 100);
      current = readControlRequest(db, request.id) ?? current;
    }
    return { request: current, created, answered: FINISHED.has(current.state) };
  });
}

/** One line for the terminal. */
export function formatOutcome(o: ControlOutcome): string {
  const r = o.request;
  const again = o.created ? "" : " (the same request was already queued: not asked twice)";
  if (!o.answered) return `request ${r.id} queued${again}; the runner has not answered yet (state ${r.state}): see 'robotrader status'`;
  return `${r.state}: ${r.message ?? ""}${again}`;
}
