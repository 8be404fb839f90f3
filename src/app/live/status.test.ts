import { afterEach, describe, expect, test } from "bun:test";
import { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { startSimGateway, type SimGateway } from "../../adapters/sim-gateway/index.ts";
import { openDatabase, type Db } from "../../adapters/sqlite/db.ts";
import { createLogger } from "../../log/logger.ts";
import { readRunnerState, RunnerStateWriter } from "../runner/state.ts";
import { watchStatus } from "./status.ts";

const log = createLogger({ quiet: true, format: "json" });
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function connected(heartbeatMs: number): Promise<{ sim: SimGateway; conn: IbConnection; db: Db }> {
  const sim = await startSimGateway({ port: 0, log });
  cleanup.push(() => sim.close());
  const conn = new IbConnection({ host: sim.host, port: sim.port, clientId: 21, handshakeTimeoutMs: 2000, heartbeatMs, log });
  cleanup.push(() => conn.close());
  expect((await conn.start()).ok).toBe(true);
  const db = openDatabase(":memory:");
  cleanup.push(() => db.close());
  return { sim, conn, db };
}

describe("watchStatus", () => {
  test("an answered heartbeat (reqCurrentTime) stamps connection.lastHeartbeatAt with the wall time", async () => {
    const { sim, conn, db } = await connected(40);
    const before = Date.now();
    const stop = watchStatus({ state: new RunnerStateWriter(db), conn, where: { host: sim.host, port: sim.port }, circuit: () => ({ status: "closed", failures: 0 }), log });
    cleanup.push(stop);
    expect(readRunnerState(db).connection.value?.lastHeartbeatAt).toBeNull();
    const beat = await new Promise<number>((resolve) => conn.events.on("heartbeat", resolve));
    const row = readRunnerState(db).connection.value!;
    expect(row.state).toBe("connected");
    expect(row.lastHeartbeatAt).not.toBeNull();
    expect(row.lastHeartbeatAt!).toBeGreaterThanOrEqual(before);
    expect(row.lastHeartbeatAt!).toBeGreaterThanOrEqual(beat);
  });
});
