import { afterEach, describe, expect, test } from "bun:test";
import path from "node:path";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { readRunInputs } from "../src/adapters/sqlite/run-inputs-repo.ts";
import { buildTradingSetup } from "../src/app/setup/trading-setup.ts";
import { HistoricalFeed, seriesFromBars } from "../src/backtest/historical-feed.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import type { Bar } from "../src/core/bar.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"];

describe("one pipeline: backtest and run --sim", () => {
  test("over the same bars, a backtest with the run's TradingSetup sends the same orders: the same stop-loss / take-profit exits and the same refusals", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // Rules that judge one symbol at a time (the order of symbols within a time step differs
    // between a live feed and a backtest), tight exits so some fire within seconds.
    const config = testConfig(dir, { risk: { stopLossPct: 0.1, takeProfitPct: 0.1, maxDailyTradesPerSymbol: 1, duplicateWindowMinutes: 0 } });
    const strategy = configureStrategy("sma-cross", { fast: 2, slow: 3 });
    const run = simSession(config, { strategy, symbols: SYMBOLS, sim: { speed: 300 } });
    cleanup.push(() => run.stop());
    const { runId } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    const exits = (kind: string) => count(db, "SELECT count(*) AS n FROM signals WHERE kind = $kind AND json_extract(value, '$.orderRef') IS NOT NULL", { kind });
    const refused = () => count(db, "SELECT count(*) AS n FROM orders WHERE last_error LIKE 'max-daily-trades:%'");
    const { session, sim } = await run.started;
    await until(() => exits("stop-loss") + exits("take-profit") >= 1 && refused() >= 1, 75_000).catch((error: Error) => {
      const orders = db.query("SELECT last_error, state, count(*) AS n FROM orders GROUP BY 1, 2").all();
      throw new Error(`${error.message}: bars ${JSON.stringify(session.bars())}, market ${new Date(sim!.marketTime).toISOString()}, exits ${exits("stop-loss")} ${exits("take-profit")}, orders ${JSON.stringify(orders)}`);
    });
        run.stop();
    await run.summary;

    // What the run's engine consumed, in arrival order: history (backfill) bars, then live ones.
    const writer = openDatabase(path.join(dir, "robotrader.db"));
    cleanup.push(() => writer.close());
    const inputs = readRunInputs(writer, runId);
    const bars: Bar[][] = SYMBOLS.map(() => []);
    let firstLive = Infinity;
    for (const x of inputs) {
      if (x.kind !== "bar") continue;
      bars[x.slot]!.push({ ...x.bar });
      if (!x.history) firstLive = Math.min(firstLive, x.bar.time);
    }
    const ran = inputs.flatMap((x) =>
      x.kind === "intent" ? [`${x.intent.key} ${x.intent.side} ${x.intent.qty}`]
      : x.kind === "refusal" && x.refusal.rule !== "warm-up" ? [`${x.intent.key} ${x.intent.side} ${x.intent.qty} refused ${x.refusal.rule}`]
      : [],
    );

    // The same bars through the backtest driver, with the setup `run` builds from the same config.
    const feed = new HistoricalFeed(SYMBOLS.map((s, i) => seriesFromBars(s, bars[i]!)));
    const from = feed.timeline.findIndex((t) => t >= firstLive);
    const setup = buildTradingSetup(config, { strategy, symbols: SYMBOLS });
    const seen: string[] = [];
    const result = runBacktest({
      feed, strategy, setup, initialCash: 100_000, range: { from, to: feed.timeline.length },
      checks: [{ name: "seen", check: (intent) => void (intent.signalTime >= firstLive && seen.push(`${intent.key} ${intent.side} ${intent.qty}`)) }],
    });
    const refusedRule = new Map(result.refusals.map((r) => [r.key, r.rule]));
    const backtested = seen.map((s) => {
      const rule = refusedRule.get(s.split(" ")[0]!);
      return rule === undefined ? s : `${s} refused ${rule}`;
    });

    expect(result.exits.filter((e) => e.key !== null).length).toBeGreaterThanOrEqual(1);
    expect(result.refusals.some((r) => r.rule === "max-daily-trades")).toBe(true);
    expect(backtested.sort()).toEqual(ran.sort());
    // Every exit the backtest reports is an order the run sent under the same key.
    for (const e of result.exits) if (e.key !== null) expect(ran).toContain(`${e.key} ${e.side} ${e.qty}`);
  }, 120_000);
});
