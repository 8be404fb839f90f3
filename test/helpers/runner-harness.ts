import { EventName } from "@stoqey/ib";
import { IbConnection } from "../../src/adapters/ib/connection/connection.ts";
import { IbBroker, type IbBrokerProbe } from "../../src/adapters/ib/execution/ib-broker.ts";
import { startSimGateway, type SimGateway, type SimGatewayOptions } from "../../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../../src/adapters/clock/fake-clock.ts";
import { openDatabase, type Db } from "../../src/adapters/sqlite/db.ts";
import { SqliteStore } from "../../src/adapters/sqlite/engine-store.ts";
import { createLogger } from "../../src/log/logger.ts";

export const quietLog = createLogger({ quiet: true, format: "json", stream: { write: () => true } });

/** A simulator on a manual clock, in session on 2020-03-02 (AAPL near 290). */
export async function startTestSim(options: SimGatewayOptions = {}): Promise<{ sim: SimGateway; clock: FakeClock }> {
  const clock = new FakeClock();
  const sim = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", startingCash: 1_000_000, log: quietLog, reconnectDelayMs: 50, ...options });
  return { sim, clock };
}

export function testConnection(sim: SimGateway, clientId: number): IbConnection {
  return new IbConnection({
    host: sim.host, port: sim.port, clientId, handshakeTimeoutMs: 3000, allowOrders: true,
    backoff: { baseMs: 20, maxMs: 100 }, random: () => 0, log: quietLog,
  });
}

/**
 * Waits until everything IB sent before now has been handled: IB answers requests on one
 * socket in order, so once reqCurrentTime's answer is in, every earlier message is too.
 */
export function roundTrip(conn: IbConnection, timeoutMs = 5000): Promise<void> {
  const api = conn.api;
  if (!api) return Promise.reject(new Error("roundTrip: not connected"));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      api.off(EventName.currentTime, done);
      reject(new Error(`roundTrip: no currentTime within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      api.off(EventName.currentTime, done);
      resolve();
    };
    api.on(EventName.currentTime, done);
    api.reqCurrentTime();
  });
}

export interface BrokerRig {
  readonly conn: IbConnection;
  readonly db: Db;
  readonly store: SqliteStore;
  readonly broker: IbBroker;
  close(): Promise<void>;
}

/** IbBroker + SqliteStore on a database file (or memory) over a fresh connection to `sim`. */
export async function brokerRig(sim: SimGateway, options: { clientId?: number; file?: string; probe?: IbBrokerProbe } = {}): Promise<BrokerRig> {
  const conn = testConnection(sim, options.clientId ?? 7);
  const started = await conn.start();
  if (!started.ok) throw new Error(`brokerRig: cannot connect: ${started.error.message}`);
  const db = openDatabase(options.file ?? ":memory:", { synchronous: "full" });
  const store = new SqliteStore(db, { account: sim.account.accountId, mode: "sim", log: quietLog });
  const broker = new IbBroker({ conn, journal: store, log: quietLog, ...(options.probe ? { probe: options.probe } : {}) });
  return {
    conn, db, store, broker,
    async close() {
      broker.close();
      await conn.close();
      db.close();
    },
  };
}
