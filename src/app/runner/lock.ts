import { hostname } from "node:os";
import type { Db } from "../../adapters/sqlite/db.ts";
import { claimLease, holdsLease, releaseLease, renewLease, type LeaseRow } from "../../adapters/sqlite/lease-repo.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";

/** How often a runner renews its lease. */
export const RUNNER_HEARTBEAT_MS = 5_000;
/** A lease not renewed for this long is stale (6 missed heartbeats). */
export const RUNNER_LEASE_MS = 30_000;

/** Thrown by `assertHeld` when another runner now owns the account: send nothing more. */
export class LeaseLostError extends Error {
  override readonly name = "LeaseLostError";
}

export interface RunnerLockOptions {
  readonly db: Db;
  /** The account traded (a local paper/sim run without one uses a fixed name like "local"). */
  readonly account: string;
  readonly runId?: number;
  readonly heartbeatMs?: number;
  readonly leaseMs?: number;
  readonly log?: Logger;
  /**
   * Called once when this runner may no longer hold the lease: a heartbeat found it taken
   * over, or heartbeats failed for a whole lease period. Stop sending orders at once.
   */
  readonly onLost?: (why: string) => void;
  readonly now?: () => number;
  readonly pid?: number;
  readonly host?: string;
}

export interface RunnerLock {
  readonly lease: LeaseRow;
  /** Set when a stale lease was taken over: what happened to the previous holder. */
  readonly takeOver: string | undefined;
  /** False once the lease is known lost or released. */
  readonly held: boolean;
  /** Renews now; false when the lease is lost. Runs by itself every heartbeatMs. */
  heartbeat(): boolean;
  /** Reads the lease row (one primary-key read) and throws LeaseLostError if it is not ours. */
  assertHeld(): void;
  /** Stops the heartbeat and deletes the lease if still ours. Safe to call twice. */
  release(): void;
}

/** Whether a process with this pid exists on this host (kill(pid, 0) semantics). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM"; // exists, owned by someone else
  }
}

/**
 * Takes the account's runner lease (DESIGN.md invariant 3) and keeps it fresh. A second
 * runner gets a UserError (exit 2) naming the first one's pid, host and start time. A
 * lease whose holder is gone (same host, pid dead) or silent for leaseMs is taken over
 * and an alert row records it.
 */
export function acquireRunnerLock(options: RunnerLockOptions): RunnerLock {
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? RUNNER_HEARTBEAT_MS;
  const leaseMs = options.leaseMs ?? RUNNER_LEASE_MS;
  if (heartbeatMs * 2 > leaseMs) throw new RangeError(`runner lock: leaseMs (${leaseMs}) must be at least twice heartbeatMs (${heartbeatMs})`);
  const result = claimLease(options.db, {
    account: options.account,
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    now: now(),
    leaseMs,
    isAlive: isPidAlive,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
  });
  if (result.kind === "refused") throw new UserError(`Cannot start the runner: ${result.message}`);
  const takeOver = result.kind === "took-over" ? result.message : undefined;
  if (takeOver) options.log?.warn(takeOver);
  return new HeldLock(options, result.lease, takeOver, heartbeatMs, leaseMs, now);
}

class HeldLock implements RunnerLock {
  #held = true;
  #lastOk: number;
  #timer: ReturnType<typeof setInterval>;
  // A last resort: every exit path that runs JS (process.exit, end of work) frees the account.
  #onExit = () => this.release();

  constructor(
    readonly options: RunnerLockOptions,
    readonly lease: LeaseRow,
    readonly takeOver: string | undefined,
    readonly heartbeatMs: number,
    readonly leaseMs: number,
    readonly now: () => number,
  ) {
    this.#lastOk = lease.heartbeatAt;
    this.#timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.#timer.unref?.();
    process.once("exit", this.#onExit);
  }

  get held(): boolean {
    return this.#held;
  }

  heartbeat(): boolean {
    if (!this.#held) return false;
    const at = this.now();
    try {
      if (renewLease(this.options.db, this.lease, at)) {
        this.#lastOk = at;
        return true;
      }
      this.#lose("another runner took over this account's lease");
    } catch (error) {
      this.options.log?.warn(`runner lock: heartbeat failed: ${(error as Error).message}`);
      if (at - this.#lastOk >= this.leaseMs) this.#lose(`no heartbeat could be written for ${Math.round((at - this.#lastOk) / 1000)} s`);
    }
    return this.#held;
  }

  assertHeld(): void {
    if (this.#held && holdsLease(this.options.db, this.lease)) return;
    if (this.#held) this.#lose("another runner took over this account's lease");
    throw new LeaseLostError("this runner no longer holds the account's lease; no more orders are sent");
  }

  release(): void {
    clearInterval(this.#timer);
    process.off("exit", this.#onExit);
    if (!this.#held) return;
    this.#held = false;
    try {
      releaseLease(this.options.db, this.lease);
    } catch (error) {
      this.options.log?.warn(`runner lock: could not release the lease (it expires by itself): ${(error as Error).message}`);
    }
  }

  #lose(why: string): void {
    if (!this.#held) return;
    this.#held = false;
    clearInterval(this.#timer);
    process.off("exit", this.#onExit);
    this.options.log?.error(`runner lock lost: ${why}`);
    this.options.onLost?.(why);
  }
}
