/**
 * One runner per account (DESIGN.md invariant 3), decided by a pure function over a lease
 * row. The store keeps one row per account; a runner claims it at start and renews
 * `heartbeatAt` every few seconds. The SQLite side is small and must be atomic:
 *
 *   BEGIN IMMEDIATE;
 *   SELECT * FROM runner_lock WHERE account = ?;          -- existing lease or none
 *   -- decideLock(existing, claimant, options, holderAlive)
 *   acquire   -> INSERT the claimant's row
 *   renew     -> UPDATE heartbeat_at WHERE account = ? AND owner = ?
 *   take-over -> UPDATE ... SET owner = ?, pid = ?, ... WHERE account = ? AND owner = <previous.owner>
 *   refuse    -> nothing; the caller throws UserError(decision.message)
 *   COMMIT;
 *
 * Heartbeat: UPDATE runner_lock SET heartbeat_at = ? WHERE account = ? AND owner = ?;
 * zero rows changed means the lease was taken over (leaseLost): stop sending orders at
 * once. The owner token is the fencing token: a runner that was merely slow (suspended
 * laptop) finds itself replaced and stops, so two runners never both trade.
 */
export interface RunnerLease {
  readonly account: string;
  /** Random per-process token (fencing token). */
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  /** UTC epoch ms. */
  readonly startedAt: number;
  readonly heartbeatAt: number;
}

export interface LockOptions {
  /** A lease not renewed for this long is stale. Make it 3+ heartbeat intervals (e.g. 30 s for 10 s beats). */
  readonly leaseMs: number;
}

export type LockDecision =
  | { readonly kind: "acquire" }
  | { readonly kind: "renew" }
  | { readonly kind: "take-over"; readonly previous: RunnerLease; readonly why: "process-gone" | "lease-expired"; readonly message: string }
  | { readonly kind: "refuse"; readonly holder: RunnerLease; readonly message: string };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `holderAlive`: whether the holder's pid is alive, when it is on this host (the caller
 * asks the OS: process.kill(pid, 0)); undefined when it cannot be known (another host).
 */
export function decideLock(
  existing: RunnerLease | undefined,
  claimant: Omit<RunnerLease, "startedAt" | "heartbeatAt" | "account">,
  now: number,
  options: LockOptions,
  holderAlive?: boolean,
): LockDecision {
  if (!existing) return { kind: "acquire" };
  if (existing.owner === claimant.owner) return { kind: "renew" };
  const sameHost = existing.host === claimant.host;
  const who = `pid ${existing.pid} on ${existing.host}, started ${iso(existing.startedAt)}`;
  // Same host and the pid is gone, or is our own pid (a container restarts as pid 1 again): it crashed.
  if (sameHost && (holderAlive === false || existing.pid === claimant.pid)) {
    return { kind: "take-over", previous: existing, why: "process-gone", message: `taking over the runner lock from a runner that is gone (${who})` };
  }
  const silentMs = now - existing.heartbeatAt;
  if (silentMs >= options.leaseMs) {
    return {
      kind: "take-over",
      previous: existing,
      why: "lease-expired",
      message: `taking over a stale runner lock (${who}; no heartbeat for ${Math.round(silentMs / 1000)} s)`,
    };
  }
  const waitS = Math.ceil((options.leaseMs - silentMs) / 1000);
  return {
    kind: "refuse",
    holder: existing,
    message:
      `another runner is already trading this account: ${who}, last heartbeat ${Math.max(0, Math.round(silentMs / 1000))} s ago. ` +
      `Stop it first (kill ${existing.pid}${sameHost ? "" : ` on ${existing.host}`}); if it crashed, its lease expires in ${waitS} s.`,
  };
}

/** After a heartbeat UPDATE: whether this runner still owns the lease. */
export function leaseLost(current: RunnerLease | undefined, owner: string): boolean {
  return current?.owner !== owner;
}
