import { afterEach, describe, expect, test } from "bun:test";
import { setKillSwitch } from "../src/app/runner/kill-switch.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

function setup(input: Parameters<typeof testConfig>[1] = {}) {
  const { dir, remove } = tempDir();
  cleanup.push(remove);
  return { dir, config: testConfig(dir, input) };
}

describe("run: pre-trade checks against the simulator", () => {
  test("an order over the max order value is refused, logged as a refusal and stored with its rule; nothing reaches the broker", async () => {
    const { dir, config } = setup({ risk: { maxOrderValue: 50 } });
    const run = simSession(config);
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE state = 'rejected' AND last_error LIKE 'max-order-value:%'") >= 1);
    run.stop();
    const summary = await run.summary;
    expect(summary.refused["max-order-value"]).toBeGreaterThanOrEqual(1);
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected' AND side = 'buy'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM fills")).toBe(0);
  }, 90_000);

  test("the kill switch turned on by another process while running blocks every order that adds exposure", async () => {
    const { dir, config } = setup({ risk: { maxOpenPositions: 8 } });
    // Eight symbols, fast averages: buy signals keep coming after the switch (exits now pass it).
    const run = simSession(config, { strategy: configureStrategy("sma-cross", { fast: 2, slow: 4 }), symbols: ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "META", "INTC"] });
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected'") >= 1);
    const at = Date.now();
    setKillSwitch(db, { on: true, reason: "test", by: "cli:test", now: at });
    await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE last_error LIKE 'kill-switch:%'") >= 1);
    run.stop();
    const summary = await run.summary;
    expect(summary.refused["kill-switch"]).toBeGreaterThanOrEqual(1);
    // After the switch, every new buy was refused: none went to the broker. (Sells that only
    // close a long may go out: risk.kill_switch_allows_reducing defaults to true.)
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE created_at > $at AND state <> 'rejected' AND side = 'buy'", { at })).toBe(0);
  }, 90_000);

  test("the circuit breaker opens after repeated connection failures and refuses orders while it is open", async () => {
    const { dir, config } = setup({ circuitBreaker: { failureThreshold: 2, coolDownMs: 3_600_000 } });
    const run = simSession(config);
    const { sim, session } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => session.bars().live >= 3);
    // Two drops in a row, the second as soon as the first reconnect is back (before good bars reset the count).
    sim!.dropConnections();
    await until(() => session.metrics.reconnects.get("reconnect") === 1, 45_000, 5);
    sim!.dropConnections();
    await until(() => session.metrics.reconnects.get("reconnect") === 2, 45_000, 5);
    expect(session.gate.circuit.status).toBe("open");
    await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE last_error LIKE 'circuit-breaker:%'") >= 1);
    run.stop();
    const summary = await run.summary;
    expect(summary.refused["circuit-breaker"]).toBeGreaterThanOrEqual(1);
    expect(summary.reconnects["reconnect"]).toBe(2);
  }, 90_000);

  test("1100, 1101 and 1102: trading pauses and resumes, streams are requested again once per 1101 and never doubled", async () => {
    const { dir, config } = setup();
    const run = simSession(config);
    const { sim, session, market } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => session.bars().live >= 8);
    // At the simulator: exactly one live stream per symbol, whatever happens below.
    const perSymbol = () => {
      const n: Record<string, number> = {};
      for (const s of sim!.openStreams()) n[s.symbol] = (n[s.symbol] ?? 0) + 1;
      return n;
    };
    const one = { AAPL: 1, MSFT: 1, NVDA: 1, TSLA: 1 };
    expect(perSymbol()).toEqual(one);
    sim!.sendSystemMessage(1100);
    await until(() => session.metrics.reconnects.get("1100") === 1);
    sim!.sendSystemMessage(1102);
    await until(() => session.metrics.reconnects.get("1102") === 1);
    expect(market.resubscribes).toBe(0);
    expect(perSymbol()).toEqual(one);
    sim!.sendSystemMessage(1100);
    sim!.sendSystemMessage(1101);
    await until(() => session.metrics.reconnects.get("1101") === 1);
    expect(market.resubscribes).toBe(1);
    const before = session.bars().live;
    await until(() => session.bars().live >= before + 8);
    expect(perSymbol()).toEqual(one);
    expect(new Set(sim!.openStreams().map((s) => s.connection)).size).toBe(1);
    run.stop();
    const summary = await run.summary;
    expect(market.resubscribes).toBe(1);
    // A doubled stream would deliver every bar twice: the validator counts repeats as duplicates.
    expect(summary.dataRejected["duplicate"] ?? 0).toBe(0);
    expect(summary.dataRejected["out-of-order"] ?? 0).toBe(0);
  }, 90_000);
});
