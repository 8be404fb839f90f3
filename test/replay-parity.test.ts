import { afterEach, describe, expect, test } from "bun:test";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { readRunInputs } from "../src/adapters/sqlite/run-inputs-repo.ts";
import { recordedRuns, replayRecorded } from "../src/app/backtest/replay.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import path from "node:path";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

describe("replay parity", () => {
  test("a run --sim session (5 symbols, risk refusals, stop exits, a reconnect with backfill) replays with every order identical; a changed setup shows its first divergence", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // One position at a time over five symbols: a second symbol's buy while one is held is refused.
    const config = testConfig(dir, { risk: { maxOpenPositions: 1, stopLossPct: 0.1, takeProfitPct: 0.1, duplicateWindowMinutes: 0, maxDailyTradesPerSymbol: 100 } });
    const run = simSession(config, { strategy: configureStrategy("sma-cross", { fast: 2, slow: 4 }), symbols: ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"], sim: { speed: 300 } });
    cleanup.push(() => run.stop());
    const { sim, session, runId } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    const exits = () => count(db, "SELECT count(*) AS n FROM signals WHERE kind IN ('stop-loss', 'take-profit') AND json_extract(value, '$.orderRef') IS NOT NULL");
    const refused = () => count(db, "SELECT count(*) AS n FROM orders WHERE state = 'rejected' AND last_error IS NOT NULL");
    await until(() => exits() >= 1 && refused() >= 1, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: bars ${JSON.stringify(session.bars())}, market ${new Date(sim!.marketTime).toISOString()}, exits ${exits()}, refused ${refused()}`);
    });
    // Down for a while (a slow handshake on the way back): the gap's bars arrive as backfill.
    sim!.setFault("slow-handshake", 2);
    sim!.dropConnections();
    await until(() => session.metrics.reconnects.get("reconnect") === 1);
    sim!.clearFault("slow-handshake");
    const live = session.bars().live;
    await until(() => session.bars().live >= live + 10);
    run.stop();
    await run.summary;

    const writer = openDatabase(path.join(dir, "robotrader.db"));
    cleanup.push(() => writer.close());
    const inputs = readRunInputs(writer, runId);
    const kinds = (k: string) => inputs.filter((x) => x.kind === k).length;
    // The recording holds what the engine consumed: bars of every symbol, backfill after the
    // reconnect (a history bar after live ones), paper fills nested in bars, refusals.
    expect(new Set(inputs.flatMap((x) => (x.kind === "bar" ? [x.slot] : []))).size).toBe(5);
    const firstLive = inputs.findIndex((x) => x.kind === "bar" && !x.history);
    expect(inputs.slice(firstLive).some((x) => x.kind === "bar" && x.history)).toBe(true);
    expect(inputs.some((x) => x.kind === "event" && x.nested && x.event.kind === "fill")).toBe(true);
    expect(inputs.some((x) => x.kind === "refusal" && x.refusal.rule !== "warm-up")).toBe(true);
    expect(kinds("intent")).toBe(count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected'"));

    const same = replayRecorded(writer, { runId });
    expect(same.firstDivergence).toBeNull();
    expect(same.orders).toBe(kinds("intent") + kinds("refusal"));
    expect(same.identical).toBe(same.orders);
    expect(same.bars).toBe(kinds("bar"));
    expect(recordedRuns(writer).find((r) => r.id === runId)?.orders).toBe(kinds("intent"));

    // A tighter stop: the first exit moves earlier or changes, and the replay says where.
    const changed = replayRecorded(writer, { runId, change: (s) => ({ ...s, exits: { stopLossPct: 0.01, takeProfitPct: 0.01 } }) });
    const d = changed.firstDivergence;
    expect(d).not.toBeNull();
    expect(changed.identical).toBeLessThan(changed.orders);
    expect(d!.order).toBe(changed.identical + 1);
    expect(d!.replayed ?? d!.recorded).not.toBeNull();
    expect(d!.bars.length).toBeGreaterThan(0);
    expect(d!.bars.every((b) => b.symbol === (d!.recorded ?? d!.replayed)!.symbol)).toBe(true);
  }, 120_000);

  test("a run --sim --broker ibkr session (IB's order updates and fills arrive between bars, over the socket) replays with every order identical", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const config = testConfig(dir, { risk: { maxOpenPositions: 2, stopLossPct: 0.1, takeProfitPct: 0.1, duplicateWindowMinutes: 0, maxDailyTradesPerSymbol: 100 } });
    const run = simSession(config, { broker: "ibkr", strategy: configureStrategy("sma-cross", { fast: 2, slow: 4 }), symbols: ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"], sim: { speed: 300 } });
    cleanup.push(() => run.stop());
    const { runId } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => count(db, "SELECT count(*) AS n FROM fills") >= 3, 60_000);
    run.stop();
    await run.summary;
    const writer = openDatabase(path.join(dir, "robotrader.db"));
    cleanup.push(() => writer.close());
    const inputs = readRunInputs(writer, runId);
    // IB's fills come from the socket, between bars: none is nested in a bar.
    expect(inputs.some((x) => x.kind === "event" && !x.nested && x.event.kind === "fill")).toBe(true);
    const r = replayRecorded(writer, { runId });
    expect(r.firstDivergence).toBeNull();
    expect(r.sent).toBeGreaterThanOrEqual(3);
    expect(r.identical).toBe(r.orders);
  }, 120_000);
});
