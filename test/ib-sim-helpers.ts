import { expect } from "bun:test";
import { IbConnection, type IbConnectionOptions } from "../src/adapters/ib/connection/connection.ts";
import { startSimGateway, type SimGateway, type SimGatewayOptions } from "../src/adapters/sim-gateway/index.ts";
import { createLogger } from "../src/log/logger.ts";
import { closeWaitOn, eventually } from "./ib-raw-server.ts";

export const quiet = createLogger({ quiet: true, format: "json" });

/** Per-test resources: spawned processes, simulators and connections, closed in reverse order, then the socket table checked. */
export class Harness {
  #sims: SimGateway[] = [];
  #conns: IbConnection[] = [];
  #processes: { kill(): void }[] = [];

  async sim(options: SimGatewayOptions = {}): Promise<SimGateway> {
    const sim = await startSimGateway({ port: 0, log: quiet, reconnectDelayMs: 50, ...options });
    this.#sims.push(sim);
    return sim;
  }

  conn(sim: SimGateway, options: Partial<IbConnectionOptions> = {}): IbConnection {
    const conn = new IbConnection({ host: sim.host, port: sim.port, clientId: 11, handshakeTimeoutMs: 2000, backoff: { baseMs: 20, maxMs: 100 }, random: () => 0, ...options });
    this.#conns.push(conn);
    return conn;
  }

  /** A simulator and a connection to it, started (whatever start() returned). */
  async connected(options: SimGatewayOptions = {}): Promise<{ sim: SimGateway; conn: IbConnection }> {
    const sim = await this.sim(options);
    const conn = this.conn(sim);
    await conn.start();
    return { sim, conn };
  }

  /** A process the test spawned: killed at cleanup even when an assertion fails first, so none outlives its test. */
  killAtCleanup<P extends { kill(): void }>(proc: P): P {
    this.#processes.push(proc);
    return proc;
  }

  /** Closes everything and fails the test if any socket to a simulator is left in CLOSE_WAIT. */
  async cleanup(): Promise<void> {
    for (const p of this.#processes.splice(0)) p.kill();
    for (const c of this.#conns.splice(0).reverse()) await c.close();
    const ports = this.#sims.map((s) => s.port);
    for (const s of this.#sims.splice(0).reverse()) await s.close();
    for (const port of ports) {
      expect(await eventually(() => closeWaitOn(port).length === 0)).toBe(true);
    }
  }
}
