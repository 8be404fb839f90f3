import { decideLock, type RunnerLease } from "../../core/runner-lock.ts";
import { insertAlert } from "./alerts-repo.ts";
import { writeTransaction, type Db } from "./db.ts";

/** A row of runner_leases: who holds the account, since when, last heartbeat. */
export interface LeaseRow {
  readonly account: string;
  readonly pid: number;
  readonly host: string;
  readonly runId: number | null;
  readonly startedAt: number;
  readonly heartbeatAt: number;
}

export interface LeaseClaim {
  readonly account: string;
  readonly pid: number;
  readonly host: string;
  readonly runId?: number;
  readonly now: number;
  /** A lease not renewed for this long is stale. */
  readonly leaseMs: number;
  /** Asked only for a holder on this host: is its pid alive? */
  readonly isAlive: (pid: number) => boolean;
}

export type ClaimResult =
  | { readonly kind: "acquired"; readonly lease: LeaseRow }
  | { readonly kind: "took-over"; readonly lease: LeaseRow; readonly previous: LeaseRow; readonly why: "process-gone" | "lease-expired"; readonly message: string }
  | { readonly kind: "refused"; readonly holder: LeaseRow; readonly message: string };

type Raw = { account: string; pid: number; host: string; run_id: number | null; started_at: number; heartbeat_at: number };
const toLease = (r: Raw): LeaseRow => ({ account: r.account, pid: r.pid, host: r.host, runId: r.run_id, startedAt: r.started_at, heartbeatAt: r.heartbeat_at });

/**
 * The fencing token of a lease: host, pid and start time together name one runner's life
 * (a restarted process, even with the same pid, starts at another millisecond).
 */
export const leaseOwner = (l: Pick<LeaseRow, "host" | "pid" | "startedAt">) => `${l.host}\u0000${l.pid}\u0000${l.startedAt}`;

const asRunnerLease = (l: LeaseRow): RunnerLease => ({ ...l, owner: leaseOwner(l) });

export function readLease(db: Db, account: string): LeaseRow | undefined {
  const row = db.query("SELECT * FROM runner_leases WHERE account = $account").get({ account }) as Raw | null;
  return row ? toLease(row) : undefined;
}

export function listLeases(db: Db): LeaseRow[] {
  return (db.query("SELECT * FROM runner_leases ORDER BY account").all() as Raw[]).map(toLease);
}

/**
 * Claims the account's lease in one IMMEDIATE transaction, so of two processes racing
 * exactly one wins. A stale lease (holder gone, or silent for leaseMs) is taken over and
 * an alert row says so, in the same transaction.
 */
export function claimLease(db: Db, claim: LeaseClaim): ClaimResult {
  return writeTransaction(db, () => {
    const existing = readLease(db, claim.account);
    const mine: LeaseRow = { account: claim.account, pid: claim.pid, host: claim.host, runId: claim.runId ?? null, startedAt: claim.now, heartbeatAt: claim.now };
    const alive = existing && existing.host === claim.host ? claim.isAlive(existing.pid) : undefined;
    const decision = decideLock(existing && asRunnerLease(existing), { owner: leaseOwner(mine), pid: claim.pid, host: claim.host }, claim.now, { leaseMs: claim.leaseMs }, alive);
    if (decision.kind === "refuse") return { kind: "refused", holder: existing!, message: decision.message };
    db.query(
      `INSERT INTO runner_leases (account, pid, host, run_id, started_at, heartbeat_at) VALUES ($account, $pid, $host, $runId, $now, $now)
       ON CONFLICT (account) DO UPDATE SET pid = excluded.pid, host = excluded.host, run_id = excluded.run_id,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
    ).run({ account: claim.account, pid: claim.pid, host: claim.host, runId: claim.runId ?? null, now: claim.now });
    if (decision.kind !== "take-over") return { kind: "acquired", lease: mine };
    const previous = existing!;
    insertAlert(db, {
      time: claim.now, level: "warn", kind: "runner-lock", message: decision.message,
      detail: { why: decision.why, previous: { pid: previous.pid, host: previous.host, startedAt: previous.startedAt, heartbeatAt: previous.heartbeatAt }, pid: claim.pid, host: claim.host },
    });
    return { kind: "took-over", lease: mine, previous, why: decision.why, message: decision.message };
  });
}

/** Renews the heartbeat; false when the lease is no longer ours (taken over or deleted). */
export function renewLease(db: Db, lease: LeaseRow, now: number): boolean {
  const result = db
    .query("UPDATE runner_leases SET heartbeat_at = $now WHERE account = $account AND pid = $pid AND host = $host AND started_at = $startedAt")
    .run({ now, account: lease.account, pid: lease.pid, host: lease.host, startedAt: lease.startedAt });
  return result.changes > 0;
}

/** Whether the stored lease is still this one (a cheap primary-key read, for before each order). */
export function holdsLease(db: Db, lease: LeaseRow): boolean {
  const current = readLease(db, lease.account);
  return current !== undefined && leaseOwner(current) === leaseOwner(lease);
}

/** Deletes the lease if it is still ours; returns whether it was. */
export function releaseLease(db: Db, lease: LeaseRow): boolean {
  const result = db
    .query("DELETE FROM runner_leases WHERE account = $account AND pid = $pid AND host = $host AND started_at = $startedAt")
    .run({ account: lease.account, pid: lease.pid, host: lease.host, startedAt: lease.startedAt });
  return result.changes > 0;
}
