import { afterEach, describe, expect, test } from "bun:test";
import { embeddedBars } from "../src/adapters/embedded/sp500.ts";
import { readKillSwitch } from "../src/app/runner/kill-switch.ts";
import type { Db } from "../src/adapters/sqlite/db.ts";
import type { RunLiveOptions } from "../src/app/live/run-live.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { buildTradingSetup } from "../src/app/setup/trading-setup.ts";
import { formatSummary, summaryNotes } from "../src/app/live/summary.ts";
import { count, reader, simSession, tempDir, testConfig, until, type SimSession } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** A --sim paper session (4 symbols, sma-cross 2/4: crosses often) with `input` as config. */
const EIGHT = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "META", "INTC"];
async function session(input: Parameters<typeof testConfig>[1], strategy = configureStrategy("sma-cross", { fast: 2, slow: 4 }), options: Partial<RunLiveOptions> = {}): Promise<{ run: SimSession; db: Db }> {
  const { dir, remove } = tempDir();
  cleanup.push(remove);
  const run = simSession(testConfig(dir, input), { strategy, ...options });
  cleanup.push(() => run.stop());
  await run.started;
  const db = reader(dir);
  cleanup.push(() => db.close());
  return { run, db };
}

const refusedBy = (db: Db, rule: string) => count(db, "SELECT count(*) AS n FROM orders WHERE state = 'rejected' AND last_error LIKE $rule", { rule: `${rule}:%` });
const sent = (db: Db) => count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected'");

/** Every order that went out, oldest first. */
const sentOrders = (db: Db) => db.query("SELECT symbol, side, qty, signal_time AS signalTime FROM orders WHERE state <> 'rejected' ORDER BY id").all() as { symbol: string; side: string; qty: number; signalTime: number }[];

describe("run: each [risk] limit refuses against the simulator, and the refusal is stored with its rule", () => {
  test("max open positions: with a limit of 1, a buy for a second symbol is refused and one symbol at most is held", async () => {
    const { run, db } = await session({ risk: { maxOpenPositions: 1 } });
    await until(() => refusedBy(db, "max-open-positions") >= 1, 60_000);
    run.stop();
    const summary = await run.summary;
    expect(summary.refused["max-open-positions"]).toBeGreaterThanOrEqual(1);
    expect(summary.positions.length).toBeLessThanOrEqual(1);
    expect(count(db, "SELECT count(*) AS n FROM positions WHERE qty <> 0")).toBeLessThanOrEqual(1);
  }, 90_000);

  test("max position value: a $5,000 entry against a $1,000 limit is refused; nothing is bought", async () => {
    const { run, db } = await session({ risk: { maxPositionValue: 1_000 } });
    await until(() => refusedBy(db, "max-position-value") >= 2, 60_000);
    run.stop();
    await run.summary;
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected' AND side = 'buy'")).toBe(0);
  }, 90_000);

  test("max position % of equity: 1% of $100,000 refuses a $5,000 entry", async () => {
    const { run, db } = await session({ risk: { maxPositionPct: 1 } });
    await until(() => refusedBy(db, "max-position-pct") >= 1, 60_000);
    run.stop();
    await run.summary;
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE state <> 'rejected' AND side = 'buy'")).toBe(0);
  }, 90_000);

  test("max daily trades per symbol: with 1, the day's second entry in a symbol is refused; exits still go out", async () => {
    const { run, db } = await session({ risk: { maxDailyTradesPerSymbol: 1, duplicateWindowMinutes: 0, maxOpenPositions: 8 } }, undefined, { symbols: EIGHT, sim: { speed: 600 } });
    await until(() => refusedBy(db, "max-daily-trades") >= 1, 75_000);
    run.stop();
    await run.summary;
    const buys = new Map<string, number>();
    for (const o of sentOrders(db)) if (o.side === "buy") buys.set(o.symbol, (buys.get(o.symbol) ?? 0) + 1);
    expect([...buys.values()].every((n) => n === 1)).toBe(true);
    // The refused symbol had been sold (an exit passes the limit) before its second buy.
    const refused = db.query("SELECT symbol FROM orders WHERE last_error LIKE 'max-daily-trades:%' LIMIT 1").get() as { symbol: string };
    expect(sentOrders(db).filter((o) => o.symbol === refused.symbol).map((o) => o.side)).toEqual(["buy", "sell"]);
  }, 90_000);

  test("duplicate window: a second buy of a symbol within 600 minutes is refused", async () => {
    const { run, db } = await session({ risk: { duplicateWindowMinutes: 600, maxDailyTradesPerSymbol: 100, maxOpenPositions: 8 } }, undefined, { symbols: EIGHT, sim: { speed: 600 } });
    await until(() => refusedBy(db, "duplicate-order") >= 1, 75_000);
    run.stop();
    await run.summary;
    // Sent orders of one symbol and side are always 600 market minutes apart or more.
    const last = new Map<string, number>();
    for (const o of sentOrders(db)) {
      const key = `${o.symbol}:${o.side}`;
      const before = last.get(key);
      if (before !== undefined) expect(o.signalTime - before).toBeGreaterThanOrEqual(600 * 60_000);
      last.set(key, o.signalTime);
    }
  }, 90_000);

  test("stop loss and take profit: tight levels close positions with their own exit orders", async () => {
    const { run, db } = await session({ risk: { stopLossPct: 0.05, takeProfitPct: 0.05 } }, configureStrategy("buy-and-hold", {}));
    const exits = () => count(db, "SELECT count(*) AS n FROM signals WHERE kind IN ('stop-loss', 'take-profit') AND json_extract(value, '$.orderRef') IS NOT NULL");
    await until(() => exits() >= 2, 60_000);
    run.stop();
    await run.summary;
    // buy-and-hold never sells: every sell came from a protective exit.
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE side = 'sell' AND state <> 'rejected'")).toBeGreaterThanOrEqual(2);
    expect(count(db, "SELECT count(*) AS n FROM fills WHERE side = 'sell'")).toBeGreaterThanOrEqual(1);
  }, 90_000);

  test("daily loss limit: a holding losing more than the limit turns the kill switch on at once, with no order needed", async () => {
    // DROP trades like the real S&P 500, which on 2020-03-09 opened at its high and fell 4%: one share bought at the open loses > $50.
    const spx = embeddedBars();
    const bars = (symbol: string) => (symbol === "DROP" ? spx.map((b) => ({ ...b, symbol })) : symbol === "SPX" ? spx : undefined);
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir, { risk: { dailyLossLimit: 50 } }), { strategy: configureStrategy("buy-and-hold", {}), symbols: ["DROP"], sim: { speed: 300, start: "2020-03-09", gateway: { bars } } });
    cleanup.push(() => run.stop());
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => readKillSwitch(db).on, 60_000);
    run.stop();
    const summary = await run.summary;
    const kill = readKillSwitch(db);
    expect(kill.by).toBe("runner:daily-loss-limit");
    expect(kill.reason).toMatch(/^today's loss \d+\.\d\d USD reached the daily loss limit 50\.00 USD/);
    expect(Number(summary.pnl.session)).toBeLessThanOrEqual(-50);
    expect(count(db, "SELECT count(*) AS n FROM alerts WHERE kind = 'kill-switch'")).toBe(1);
  }, 90_000);

  test("risk-parity entries the default size limits refuse: the summary's text ends with the note naming all three limits", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const config = testConfig(dir);
    const strategy = configureStrategy("sma-cross", { fast: 2, slow: 4 });
    const symbols = ["AAPL", "MSFT", "NVDA", "TSLA"];
    const setup = buildTradingSetup(config, { strategy, symbols, sizing: { kind: "risk-parity", lookback: 3 } });
    const run = simSession(config, { strategy, setup, symbols, sim: { speed: 1200 } });
    cleanup.push(() => run.stop());
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => refusedBy(db, "max-order-value") >= 1, 60_000);
    run.stop();
    const summary = await run.summary;
    const text = formatSummary(summary, summaryNotes(summary, setup));
    expect(text.split("\n").at(-1)).toBe(
      `Note: --sizing risk-parity sizes entries as a share of equity, and the [risk] size limits refused ${summary.refused["max-order-value"]} of them ` +
        "(max_order_value 10000, max_position_value 10000, max_position_pct 25); to trade them as sized, raise these in robotrader.toml or with --max-order-value N --max-position-value N --max-position-pct N",
    );
    // Other sizings' summaries end as before.
    expect(summaryNotes(summary, { ...setup, sizing: { kind: "cash", amount: 5_000 } })).toEqual([]);
  }, 90_000);

  test("market hours: with run.sessions = [pre-market], the replayed regular session sends nothing", async () => {
    const { run, db } = await session({ run: { sessions: ["pre-market"] } });
    await until(() => refusedBy(db, "market-hours") >= 2, 60_000);
    run.stop();
    const summary = await run.summary;
    expect(sent(db)).toBe(0);
    expect(summary.fills).toBe(0);
  }, 90_000);
});

describe("run: the circuit breaker re-arms", () => {
  test("after two broken connections it refuses orders; once it has cooled down and data flows again, orders go out", async () => {
    // 30 market minutes of cool-down: 6 s at 300x.
    const { run, db } = await session({ circuitBreaker: { failureThreshold: 2, coolDownMs: 1_800_000 }, risk: { maxOpenPositions: 8 } }, undefined, { symbols: EIGHT });
    const { sim, session: s } = await run.started;
    await until(() => s.bars().live >= 3);
    sim!.dropConnections();
    await until(() => s.metrics.reconnects.get("reconnect") === 1, 45_000, 5);
    sim!.dropConnections();
    await until(() => s.metrics.reconnects.get("reconnect") === 2, 45_000, 5);
    expect(s.gate.circuit.status).toBe("open");
    await until(() => refusedBy(db, "circuit-breaker") >= 1, 60_000);
    const openedAt = count(db, "SELECT max(id) AS n FROM orders WHERE last_error LIKE 'circuit-breaker:%'");
    await until(() => s.gate.circuit.status === "closed" && count(db, "SELECT count(*) AS n FROM orders WHERE id > $id AND state <> 'rejected'", { id: openedAt }) >= 1, 60_000);
    run.stop();
    const summary = await run.summary;
    expect(summary.refused["circuit-breaker"]).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
