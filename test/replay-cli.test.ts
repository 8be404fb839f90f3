import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { appendRunInputs, saveRunSetup } from "../src/adapters/sqlite/run-inputs-repo.ts";
import { finishRun, startRun } from "../src/adapters/sqlite/runs-repo.ts";
import { recordingBroker, recordingStore, RunRecorder } from "../src/app/live/recorder.ts";
import { HistoricalFeed } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import type { RecordedSetup } from "../src/backtest/replay/setup.ts";
import { SimulatedBroker } from "../src/backtest/simulated-broker.ts";
import { ibFixed } from "../src/core/commission/ib-fixed.ts";
import { money } from "../src/core/money.ts";
import { Portfolio } from "../src/core/portfolio.ts";
import { Engine } from "../src/engine/engine.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { envWithoutRobotrader, robotrader } from "./helpers/cli.ts";
import { quietLog } from "./run-helpers.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rt-replay-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => robotrader(args, { cwd: dir, env: envWithoutRobotrader() });

/** A run recorded in-process: two random-walk symbols, sma-cross, paper fills by the simulated broker. */
function recordRun(file: string): number {
  const db = openDatabase(file);
  const setup: RecordedSetup = {
    strategy: { name: "sma-cross", params: { fast: 3, slow: 8 } }, symbols: ["AAA", "BBB"], direction: "long-only",
    sizing: { kind: "qty", qty: 10 }, exits: { stopLossPct: 0, takeProfitPct: 0 }, books: { cash: "100000", positions: [] },
    barSize: "5m", broker: "paper", mode: "paper",
  };
  const runId = startRun(db, { kind: "paper", params: {} });
  saveRunSetup(db, runId, setup);
  const recorder = new RunRecorder({ write: (first, inputs) => appendRunInputs(db, runId, first, inputs), log: quietLog });
  const portfolio = new Portfolio(money(100_000));
  const broker = recordingBroker(new SimulatedBroker({ commission: ibFixed, slippageBps: 0, funds: portfolio }), recorder);
  const noStore = { recordIntent() {}, recordOrderUpdate() {}, recordFill() {}, recordRefusal() {} };
  const engine = new Engine({
    strategy: configureStrategy("sma-cross", setup.strategy.params), symbols: setup.symbols, broker, portfolio, sizing: setup.sizing,
    store: recordingStore(noStore, recorder),
  });
  const feed = new HistoricalFeed([randomWalkSeries("AAA", 300, 7), randomWalkSeries("BBB", 300, 11)]);
  feed.run({
    bar(slot, bar) {
      recorder.bar(slot, bar, false);
      engine.bar(slot, bar);
      recorder.barDone();
    },
    timeEnd: () => {},
  });
  recorder.close();
  engine.close();
  finishRun(db, runId, { status: "completed" });
  db.close();
  return runId;
}

describe("robotrader replay and runs list (CLI)", () => {
  test("runs list shows the recorded run; replay reports parity; a changed setup exits 1 with the first divergence; a bad RUN_ID exits 2", async () => {
    const file = path.join(dir, "data", "robotrader.db");
    expect((await cli("runs", "list")).stdout).toContain("no recorded runs yet");
    const runId = recordRun(file);

    const list = await cli("runs", "list", "--json");
    expect(list.code).toBe(0);
    const [row] = JSON.parse(list.stdout) as { id: number; mode: string; strategies: string[]; symbols: string[]; orders: number }[];
    expect(row).toMatchObject({ id: runId, mode: "paper", strategies: ["sma-cross"], symbols: ["AAA", "BBB"] });
    expect(row!.orders).toBeGreaterThan(2);

    const text = await cli("replay", String(runId));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`parity: ${row!.orders} of ${row!.orders} orders identical`);
    const json = await cli("replay", String(runId), "--json");
    expect(JSON.parse(json.stdout)).toEqual({ run: runId, orders: row!.orders, identical: row!.orders, firstDivergence: null });

    const db = openDatabase(file);
    db.query("UPDATE run_setups SET setup = json_set(setup, '$.strategy.params.slow', 9) WHERE run_id = ?1").run(runId);
    db.close();
    const changed = await cli("replay", String(runId), "--json");
    expect(changed.code).toBe(1);
    const report = JSON.parse(changed.stdout) as { identical: number; firstDivergence: { order: number; bars: unknown[] } | null };
    expect(report.firstDivergence?.order).toBe(report.identical + 1);
    expect(report.firstDivergence?.bars.length).toBeGreaterThan(0);
    const words = await cli("replay", String(runId));
    expect(words.stdout).toMatch(/parity: \d+ of \d+ orders identical; first divergence at order \d+/);
    expect(words.stdout).toContain("around it:");

    const gapped = openDatabase(file);
    gapped.query("DELETE FROM run_inputs WHERE run_id = ?1 AND seq IN (5, 6)").run(runId);
    gapped.close();
    const gap = await cli("replay", String(runId));
    expect(gap.code).toBe(2);
    expect(gap.stderr + gap.stdout).toContain("recording has a gap (inputs 5..6 were never written");

    const bad = await cli("replay", "abc");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("RUN_ID must be a run number");
    const missing = await cli("replay", "999", "--json");
    expect(missing.code).toBe(2);
    expect(missing.stderr + missing.stdout).toContain("there is no run 999");
  }, 60_000);
});
