import * as v from "valibot";
import type { Db } from "../../adapters/sqlite/db.ts";
import { getState, setState } from "../../adapters/sqlite/state-repo.ts";
import { saveRunnerRegimes, type RunnerRegimes } from "../../adapters/sqlite/runner-regimes-repo.ts";

/**
 * What a runner publishes about itself in the `state` table, for `robotrader status` and
 * the status page in other processes. One JSON row per key, overwritten on change; the
 * row's updated_at says how fresh it is. Shapes are checked on read (valibot): a row that
 * does not match reads as unknown, never as invented values.
 */
export const STATE_KEYS = {
  connection: "connection",
  runner: "runner",
  circuitBreaker: "circuit-breaker",
  reconciliation: "reconciliation",
  prices: "last-prices",
} as const;

const Ms = v.number();
const MaybeMs = v.nullable(v.number());

export const ConnectionSchema = v.object({
  /** The IB connection state: connecting, connected, paused (1100), waiting (backoff), disconnected, closed. */
  state: v.string(),
  host: v.string(),
  port: v.number(),
  clientId: v.nullable(v.number()),
  serverVersion: v.nullable(v.number()),
  connectedAt: MaybeMs,
  /** Last answer to the API heartbeat (reqCurrentTime). */
  lastHeartbeatAt: MaybeMs,
  reconnects: v.number(),
  farms: v.array(v.object({ kind: v.string(), farm: v.string(), state: v.string(), since: Ms })),
  lastError: v.nullable(v.string()),
});
export type ConnectionStatus = v.InferOutput<typeof ConnectionSchema>;

export const RunnerInfoSchema = v.object({
  state: v.picklist(["starting", "running", "stopping", "stopped", "failed"]),
  pid: v.number(),
  host: v.string(),
  /** sim (in-process simulator), paper, live. */
  mode: v.string(),
  /** Where orders go: paper (local fills) or ibkr. */
  broker: v.string(),
  /** Masked account id (never the full one), or null for a local paper run. */
  account: v.nullable(v.string()),
  strategy: v.string(),
  symbols: v.array(v.string()),
  startedAt: Ms,
  stoppedAt: MaybeMs,
  /** Why it stopped: "SIGINT", "until reached", or the fatal error's message. */
  exitReason: v.nullable(v.string()),
  heartbeatMs: v.number(),
  leaseMs: v.number(),
});
export type RunnerInfo = v.InferOutput<typeof RunnerInfoSchema>;

export const CircuitBreakerSchema = v.object({
  status: v.picklist(["closed", "open", "half-open"]),
  failures: v.number(),
  openedAt: v.optional(v.number()),
  lastFailure: v.optional(v.string()),
});
export type CircuitBreakerStatus = v.InferOutput<typeof CircuitBreakerSchema>;

const ReconciliationProblemSchema = v.object({
  /** Absent for problems about no one symbol. */
  symbol: v.optional(v.nullable(v.string()), null),
  /** position-mismatch, unknown-order, missing-order, recovered-fill, ... */
  kind: v.string(),
  message: v.string(),
});

/**
 * The last reconciliation, as reconcile.ts stores it (engine-store-reconcile.ts: `time`,
 * `trigger`, problems with an optional symbol) or in this view's own shape (`at`): both read
 * as `{ at, ok, trigger, problems, blockedSymbols }`.
 */
export const ReconciliationSchema = v.pipe(
  v.object({
    /** When it last ran (start, or after a reconnect). */
    at: v.optional(Ms),
    time: v.optional(Ms),
    ok: v.boolean(),
    /** start, reconnect, 1101, 1102, manual. */
    trigger: v.optional(v.nullable(v.string()), null),
    problems: v.array(ReconciliationProblemSchema),
    /** Symbols blocked for new orders until the mismatch is resolved. */
    blockedSymbols: v.array(v.string()),
  }),
  v.check((r) => r.at !== undefined || r.time !== undefined, "a reconciliation needs its time ('at' or 'time')"),
  v.transform((r) => ({ at: (r.at ?? r.time)!, ok: r.ok, trigger: r.trigger, problems: r.problems, blockedSymbols: r.blockedSymbols })),
);
export type ReconciliationStatus = v.InferOutput<typeof ReconciliationSchema>;

export const PricesSchema = v.record(v.string(), v.object({ price: v.number(), time: Ms }));
export type LastPrices = v.InferOutput<typeof PricesSchema>;

/** A state row as read: the value (null when missing or unreadable) and when it was written. */
export interface StateRead<T> {
  readonly value: T | null;
  readonly updatedAt: number | null;
  /** True when a row exists but does not have the expected shape. */
  readonly unreadable: boolean;
}

function read<S extends v.GenericSchema>(db: Db, key: string, schema: S): StateRead<v.InferOutput<S>> {
  const row = getState(db, key);
  if (!row) return { value: null, updatedAt: null, unreadable: false };
  const parsed = v.safeParse(schema, row.value);
  return parsed.success ? { value: parsed.output, updatedAt: row.updatedAt, unreadable: false } : { value: null, updatedAt: row.updatedAt, unreadable: true };
}

export interface RunnerStateRead {
  readonly connection: StateRead<ConnectionStatus>;
  readonly runner: StateRead<RunnerInfo>;
  readonly circuitBreaker: StateRead<CircuitBreakerStatus>;
  readonly reconciliation: StateRead<ReconciliationStatus>;
  readonly prices: StateRead<LastPrices>;
}

export function readRunnerState(db: Db): RunnerStateRead {
  return {
    connection: read(db, STATE_KEYS.connection, ConnectionSchema),
    runner: read(db, STATE_KEYS.runner, RunnerInfoSchema),
    circuitBreaker: read(db, STATE_KEYS.circuitBreaker, CircuitBreakerSchema),
    reconciliation: read(db, STATE_KEYS.reconciliation, ReconciliationSchema),
    prices: read(db, STATE_KEYS.prices, PricesSchema),
  };
}

/**
 * The runner's side: one typed method per row. Values are checked before they are
 * written, so a bug shows in the runner, not as an unreadable row on the page.
 */
export class RunnerStateWriter {
  #db: Db;
  #now: () => number;
  #prices: Record<string, { price: number; time: number }> = {};

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  connection(value: ConnectionStatus): void {
    this.#write(STATE_KEYS.connection, ConnectionSchema, value);
  }

  runner(value: RunnerInfo): void {
    this.#write(STATE_KEYS.runner, RunnerInfoSchema, value);
  }

  circuitBreaker(value: CircuitBreakerStatus): void {
    this.#write(STATE_KEYS.circuitBreaker, CircuitBreakerSchema, value);
  }

  reconciliation(value: v.InferInput<typeof ReconciliationSchema>): void {
    this.#write(STATE_KEYS.reconciliation, ReconciliationSchema, value);
  }

  /** Remembers a last trade price; `flushPrices` writes them all (call it every few seconds). */
  price(symbol: string, price: number, time: number): void {
    if (Number.isFinite(price) && price > 0) this.#prices[symbol] = { price, time };
  }

  flushPrices(): void {
    this.#write(STATE_KEYS.prices, PricesSchema, this.#prices);
  }

  /** The traded symbols' current regimes (runner-regimes-repo.ts). */
  regimes(value: RunnerRegimes): void {
    saveRunnerRegimes(this.#db, value, this.#now());
  }

  #write<S extends v.GenericSchema>(key: string, schema: S, value: v.InferInput<S>): void {
    setState(this.#db, key, v.parse(schema, value), this.#now());
  }
}
