import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Big from "big.js";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimGateway, symbolInfo, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { recordReconciliation } from "../src/adapters/sqlite/engine-store-reconcile.ts";
import { getPositions } from "../src/adapters/sqlite/positions-repo.ts";
import { buildStatus } from "../src/app/runner/status.ts";
import { createLogger } from "../src/log/logger.ts";
import { robotrader, type CliResult } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-reconcile-accept-"));
const ACCOUNT = "DU1234567";
let sim: SimGateway;

function cli(...args: string[]): Promise<CliResult> {
  const env = { ...process.env, ROBOTRADER_CONFIG: "", ROBOTRADER_DATA_DIR: dir, ROBOTRADER_GATEWAY_HOST: sim.host, ROBOTRADER_GATEWAY_PORT: String(sim.port), NO_COLOR: "1" };
  return robotrader(["reconcile", "accept", ...args], { cwd: dir, env });
}

beforeAll(async () => {
  sim = await startSimGateway({ port: 0, accountId: ACCOUNT, log: createLogger({ quiet: true, format: "json" }) });
  // Someone bought 10 MSFT in TWS: IB holds it, the database does not; reconciliation reported it.
  const msft = symbolInfo("MSFT");
  sim.account.applyFill({ symbol: "MSFT", conId: msft.conId, secType: "STK", primaryExchange: "NASDAQ", side: "BOT", shares: new Big(10), price: new Big("150.25"), commission: new Big(1) });
  const db = openDatabase(path.join(dir, "robotrader.db"));
  const mismatch = { kind: "position-mismatch", symbol: "MSFT", message: "MSFT: database position 0 but IB holds 10; new MSFT orders are blocked until they agree" };
  recordReconciliation(db, { time: Date.now() - 60_000, account: ACCOUNT, ok: true, trigger: "start", problems: [mismatch], blockedSymbols: ["MSFT"], recoveredFills: 0, advancedOrders: 0, resent: [] });
  db.close();
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("robotrader reconcile accept", () => {
  test("a symbol without a reported mismatch is refused: exit 2, nothing stored", async () => {
    const r = await cli("--symbol", "AAPL");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("reported no position mismatch or order in doubt for AAPL; to resolve: MSFT");
    const db = openDatabase(path.join(dir, "robotrader.db"), { readonly: true });
    expect(getPositions(db, ACCOUNT)).toEqual([]);
    db.close();
  }, 30_000);

  test("the gateway down: a one-line error with the fix, exit 1, no stack, nothing stored", async () => {
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = closed.port;
    closed.stop(true);
    const r = await cli("--symbol", "MSFT", "--host", "127.0.0.1", "--port", String(port), "--client-id", "77");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot ask IB for the MSFT position: no gateway at 127.0.0.1:${port}`);
    expect(r.stderr).toContain("fix: run 'robotrader diagnose-gateway");
    expect(r.stderr).not.toContain("fatal");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const db = openDatabase(path.join(dir, "robotrader.db"), { readonly: true });
    expect(getPositions(db, ACCOUNT)).toEqual([]);
    expect(buildStatus(db, { now: Date.now() }).reconciliation).toMatchObject({ blockedSymbols: ["MSFT"] });
    db.close();
  }, 30_000);

  test("takes IB's position (asked for now) for the mismatched symbol, records why, and lifts the reported block", async () => {
    const r = await cli("--symbol", "msft", "--reason", "bought in TWS by hand", "--json");
    expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
    expect(JSON.parse(r.stdout)).toMatchObject({ symbol: "MSFT", qty: 10, avgCost: "150.35", before: 0 }); // IB's average cost includes the commission
    expect(JSON.parse(r.stdout)).toMatchObject({ account: "DU12****" });
    const db = openDatabase(path.join(dir, "robotrader.db"), { readonly: true });
    expect(getPositions(db, ACCOUNT).map((p) => [p.symbol, p.qty, p.avgCost.toString()])).toEqual([["MSFT", 10, "150.35"]]);
    const status = buildStatus(db, { now: Date.now() });
    expect(status.reconciliation).toMatchObject({ problems: [], blockedSymbols: [] });
    expect(status.alerts.find((a) => a.kind === "reconciliation" && a.level === "info")?.message).toBe("position MSFT set to the broker's 10 by hand: bought in TWS by hand");
    db.close();
  }, 30_000);
});
