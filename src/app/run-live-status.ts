import type { IbConnection } from "../adapters/ib/connection.ts";
import type { Db } from "../adapters/sqlite/db.ts";
import { setState } from "../adapters/sqlite/state-repo.ts";
import type { Logger } from "../log/logger.ts";

/** `state` rows the runner keeps for `robotrader status` and the status page. */
export const RUNNER_STATE_KEY = "runner";
export const CONNECTION_STATE_KEY = "connection";

export interface RunnerState {
  readonly state: "running" | "stopped" | "failed";
  readonly pid: number;
  readonly runId: number;
  readonly mode: string;
  readonly broker: string;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly startedAt: number;
  readonly stopReason?: string;
}

/** Writes the runner row now and the connection row on every connection state change. */
export class StatusRows {
  readonly #db: Db;
  readonly #log: Logger;
  #off: (() => void) | undefined;

  constructor(db: Db, log: Logger) {
    this.#db = db;
    this.#log = log;
  }

  runner(state: RunnerState): void {
    this.#write(RUNNER_STATE_KEY, state);
  }

  watch(conn: IbConnection, where: { host: string; port: number }): void {
    const write = () =>
      this.#write(CONNECTION_STATE_KEY, {
        state: conn.state,
        host: where.host,
        port: where.port,
        clientId: conn.clientId,
        serverVersion: conn.session?.serverVersion ?? null,
        farms: conn.farms.list(),
        at: Date.now(),
      });
    write();
    this.#off = conn.events.on("state", write);
  }

  stop(): void {
    this.#off?.();
    this.#off = undefined;
  }

  #write(key: string, value: unknown): void {
    try {
      setState(this.#db, key, value);
    } catch (error) {
      this.#log.warn(`status row '${key}' not written: ${(error as Error).message}`);
    }
  }
}
