import path from "node:path";
import * as v from "valibot";
import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import { writeTransaction, type Db } from "../../adapters/sqlite/db.ts";
import { getState, setState } from "../../adapters/sqlite/state-repo.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import { databasePath, withExistingStore } from "../data/store.ts";

/**
 * The kill switch: a persistent flag in the `state` table that blocks new orders. Any
 * process may flip it (CLI, status page, the runner's daily loss limit); a running runner
 * sees it within a second (KillSwitchWatcher) and checks it before every order
 * (isKillSwitchOn). Turning it on is always allowed and needs no reason; turning it off
 * needs one, so the alert log says why trading was allowed again.
 */
export const KILL_SWITCH_KEY = "kill-switch";

export interface KillSwitchState {
  readonly on: boolean;
  readonly reason: string | null;
  /** When it was last changed (epoch ms); null when it never was (off by default). */
  readonly at: number | null;
  /** Who changed it: "cli:alice@mac", "runner:daily-loss-limit", "dashboard". */
  readonly by: string | null;
}

const KillSwitchSchema = v.object({ on: v.boolean(), reason: v.nullable(v.string()), at: v.number(), by: v.string() });

export const NEVER_SET: KillSwitchState = Object.freeze({ on: false, reason: null, at: null, by: null });

/**
 * The current state. A row that cannot be read (written by something else) counts as ON:
 * when in doubt, no orders.
 */
export function readKillSwitch(db: Db): KillSwitchState {
  const row = getState(db, KILL_SWITCH_KEY);
  if (!row) return NEVER_SET;
  const parsed = v.safeParse(KillSwitchSchema, row.value);
  if (parsed.success) return parsed.output;
  return { on: true, reason: `unreadable kill-switch row (${JSON.stringify(row.value)}); fix it with 'robotrader kill-switch on|off'`, at: row.updatedAt, by: null };
}

/** What `kill-switch status` shows: the state and the database it was read from (null: none yet). */
export interface KillSwitchStatus extends KillSwitchState {
  readonly database: string | null;
}

/** Reads the switch without creating anything: with no database yet it is off and `database` is null. */
export async function killSwitchStatus(config: Pick<AppConfig, "dataDir">): Promise<KillSwitchStatus> {
  return withExistingStore(config, (db) => (db ? { ...readKillSwitch(db), database: path.resolve(databasePath(config)) } : { ...NEVER_SET, database: null }));
}

/** One primary-key read: call it right before sending each order. */
export function isKillSwitchOn(db: Db): boolean {
  return readKillSwitch(db).on;
}

export interface KillSwitchChange {
  readonly on: boolean;
  /** Optional for on; required for off. */
  readonly reason?: string | undefined;
  readonly by: string;
  readonly now: number;
}

/** Flips the switch and writes an alert row, in one transaction. Returns before and after. */
export function setKillSwitch(db: Db, change: KillSwitchChange): { previous: KillSwitchState; current: KillSwitchState } {
  const reason = change.reason?.trim() || null;
  if (!change.on && reason === null) {
    throw new UserError("Turning the kill switch off needs a reason (--reason TEXT): it is recorded with the change");
  }
  return writeTransaction(db, () => {
    const previous = readKillSwitch(db);
    const current: KillSwitchState = { on: change.on, reason, at: change.now, by: change.by };
    setState(db, KILL_SWITCH_KEY, current, change.now);
    const what = change.on ? "on: new orders are blocked" : "off: new orders are allowed";
    insertAlert(db, {
      time: change.now, level: change.on ? "warn" : "info", kind: "kill-switch",
      message: `kill switch ${what} (by ${change.by}${reason ? `: ${reason}` : ""})`,
      detail: { on: change.on, reason, by: change.by, wasOn: previous.on },
    });
    return { previous, current };
  });
}

/** The shape the risk rules take (RiskContext.killSwitch). */
export function killSwitchForRisk(state: KillSwitchState): { on: boolean; reason?: string } {
  return state.reason === null ? { on: state.on } : { on: state.on, reason: state.reason };
}

export interface KillSwitchWatcherOptions {
  readonly intervalMs?: number;
  /** Called after a change is seen (not for the first read). */
  readonly onChange?: (current: KillSwitchState, previous: KillSwitchState) => void;
  /** A failed read keeps the last known state and is reported here. */
  readonly onError?: (error: Error) => void;
}

/**
 * Polls the kill switch (default every second) so a runner reacts to a change made by
 * another process without waiting for its next order. `current` is the last state read.
 */
export class KillSwitchWatcher {
  #db: Db;
  #options: KillSwitchWatcherOptions;
  #current: KillSwitchState;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(db: Db, options: KillSwitchWatcherOptions = {}) {
    this.#db = db;
    this.#options = options;
    this.#current = readKillSwitch(db);
  }

  get current(): KillSwitchState {
    return this.#current;
  }

  start(): this {
    this.#timer ??= setInterval(() => this.poll(), this.#options.intervalMs ?? 1000);
    this.#timer.unref?.();
    return this;
  }

  /** Reads the flag now; returns the state. */
  poll(): KillSwitchState {
    let next: KillSwitchState;
    try {
      next = readKillSwitch(this.#db);
    } catch (error) {
      this.#options.onError?.(error as Error);
      return this.#current;
    }
    const previous = this.#current;
    this.#current = next;
    if (next.on !== previous.on || next.at !== previous.at) this.#options.onChange?.(next, previous);
    return next;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
