import { afterEach, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { claimLease } from "../src/adapters/sqlite/lease-repo.ts";
import { runLive } from "../src/app/live/run-live.ts";
import { UserError } from "../src/core/errors.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { quietLog, tempDir, testConfig } from "./run-helpers.ts";

let cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A TCP listener standing in for the gateway: it only counts who connects. */
async function countingGateway(): Promise<{ port: number; connections: () => number; server: Server }> {
  let n = 0;
  const server = createServer((socket) => {
    n++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, connections: () => n, server };
}

/** Another runner, alive on another host, holds the account. */
function heldElsewhere(dataDir: string, account: string): void {
  const db = openDatabase(path.join(dataDir, "robotrader.db"));
  claimLease(db, { account, pid: 4242, host: "other-host", now: Date.now(), leaseMs: 60_000, isAlive: () => true });
  db.close();
}

describe("run: the runner lock comes before the gateway hears from us", () => {
  for (const c of [
    { broker: "paper" as const, lease: "local", gateway: {} },
    { broker: "ibkr" as const, lease: "DU1234567", gateway: { accountId: "DU1234567" } },
  ]) {
    test(`--broker ${c.broker}${c.broker === "ibkr" ? " with gateway.account_id" : ""}: a second runner is refused without connecting`, async () => {
      const { dir, remove } = tempDir();
      cleanup.push(remove);
      const gw = await countingGateway();
      cleanup.push(() => new Promise<void>((resolve) => gw.server.close(() => resolve())));
      heldElsewhere(dir, c.lease);
      const run = runLive({
        config: testConfig(dir, { gateway: { host: "127.0.0.1", port: gw.port, ...c.gateway } }), log: quietLog,
        strategy: configureStrategy("sma-cross", {}), symbols: ["AAPL"], broker: c.broker, live: false,
      });
      const error = await run.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain("pid 4242 on other-host");
      expect(gw.connections()).toBe(0);
    }, 30_000);
  }
});
