import { afterEach, describe, expect, test } from "bun:test";
import path from "node:path";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { getRunSetup, readRunInputs } from "../src/adapters/sqlite/run-inputs-repo.ts";
import { replayRecorded } from "../src/app/backtest/replay.ts";
import { UserError } from "../src/core/errors.ts";
import { buildTradingSetup } from "../src/app/setup/trading-setup.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

describe("replay parity with the market index followed as data only", () => {
  test("run --sim with a market --regime-filter records the index's bars (data only) and replays with every decision identical; without them (an older recording) the replay warns and diverges", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const config = testConfig(dir, { risk: { maxOpenPositions: 2, stopLossPct: 0.1, takeProfitPct: 0.1, duplicateWindowMinutes: 0, maxDailyTradesPerSymbol: 10_000 } });
    const strategy = configureStrategy("sma-cross", { fast: 2, slow: 5 });
    const symbols = ["AAPL", "MSFT"];
    // 5-second bars: the index's backfill (30 minutes, 360 bars) is enough for its rules regime
    // (a 200-bar trend, 252 volatility readings), so the filter decides from the start.
    const setup = buildTradingSetup(config, { strategy, symbols, barSize: "5s", regimeFilter: { filter: "low-vol,normal-vol", source: "market" } });
    const run = simSession(config, { strategy, symbols, setup, sim: { speed: 100 } });
    cleanup.push(() => run.stop());
    const { runId } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    // Until the market regime has both let entries through and refused them by a known label.
    const sent = () => count(db, "SELECT count(*) AS n FROM orders WHERE side = 'buy' AND state <> 'rejected'");
    const refusedByRegime = () => count(db, "SELECT count(*) AS n FROM orders WHERE state = 'rejected' AND last_error LIKE 'regime-filter: market regime is %' AND last_error NOT LIKE '%is unknown;%'");
    await until(() => sent() >= 2 && refusedByRegime() >= 1, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: entries sent ${sent()}, refused by a known market regime ${refusedByRegime()}`);
    });
    run.stop();
    await run.summary;

    const writer = openDatabase(path.join(dir, "robotrader.db"));
    cleanup.push(() => writer.close());
    const inputs = readRunInputs(writer, runId);
    // The index's bars are in the recording, marked data only; it was never traded.
    const data = inputs.filter((x) => x.kind === "data");
    expect(data.length).toBeGreaterThan(253);
    expect(new Set(data.map((x) => x.symbol))).toEqual(new Set(["SPX"]));
    expect((getRunSetup(writer, runId) as { dataOnly?: string[] }).dataOnly).toEqual(["SPX"]);
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE symbol = 'SPX'")).toBe(0);

    const same = replayRecorded(writer, { runId });
    expect(same.warnings).toEqual([]);
    expect(same.firstDivergence).toBeNull();
    expect(same.identical).toBe(same.orders);
    expect(same.orders).toBe(inputs.filter((x) => x.kind === "intent" || x.kind === "refusal").length);
    expect(same.bars).toBe(inputs.filter((x) => x.kind === "bar").length);

    // A recording from before the index's bars were kept (no dataOnly in its setup): replayed as
    // such recordings always were, with no market regime, and said so.
    writer.run("UPDATE run_setups SET setup = json_remove(setup, '$.dataOnly') WHERE run_id = ?1", [runId]);
    const older = replayRecorded(writer, { runId });
    expect(older.warnings).toHaveLength(1);
    expect(older.warnings[0]).toContain("no market regime");
    const d = older.firstDivergence;
    expect(d).not.toBeNull();
    // The first entry the run's market regime let through: sent in the run, never made here.
    expect(d!.recorded).toMatchObject({ side: "buy", refused: null });
    expect(d!.replayed).toBeNull();

    // A stored setup whose dataOnly is not a list of symbols is refused by name (exit 2), never guessed.
    writer.run("UPDATE run_setups SET setup = json_set(setup, '$.dataOnly', 5) WHERE run_id = ?1", [runId]);
    let refused: unknown;
    try {
      replayRecorded(writer, { runId });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toBe(`replay: run ${runId}'s stored setup has dataOnly 5, not a list of symbols; the recording cannot be replayed as it was`);
  }, 120_000);
});
