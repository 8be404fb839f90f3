import { afterEach, describe, expect, test } from "bun:test";
import { defaultBars } from "../src/adapters/sim-gateway/market/universe.ts";
import type { Bar } from "../src/core/bar.ts";
import type { ConfiguredStrategy } from "../src/strategy/types.ts";
import { configureStrategy } from "../src/strategy/registry.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** sma-cross 2/4 that also records every bar its strategies are handed. */
function spying(seen: Bar[]): ConfiguredStrategy {
  const inner = configureStrategy("sma-cross", { fast: 2, slow: 4 });
  return {
    name: inner.name,
    params: inner.params,
    create(setup) {
      const strategy = inner.create(setup);
      return {
        onBar(ctx) {
          seen.push({ ...ctx.bar });
          strategy.onBar(ctx);
        },
        ...(strategy.onFill ? { onFill: strategy.onFill.bind(strategy) } : {}),
      };
    },
  };
}

describe("run: every incoming bar is validated before anything trades on it", () => {
  test("stale, out-of-order, non-finite, zero/negative, crossed (high < low) and outlier bars are rejected, counted, and never reach a strategy or an order", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const seen: Bar[] = [];
    // MSFT's data ends the day before the replayed one: it has history but no live bars, so a bar of its that arrives now is stale.
    const cut = Date.UTC(2019, 3, 22);
    const bars = (symbol: string) => (symbol === "MSFT" ? defaultBars(symbol)?.filter((b) => b.time < cut) : defaultBars(symbol));
    const run = simSession(testConfig(dir), { strategy: spying(seen), symbols: ["AAPL", "MSFT"], sim: { speed: 300, start: "2019-04-23", gateway: { bars } } });
    cleanup.push(() => run.stop());
    const { session, sim } = await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => session.bars().live >= 15);

    // Straight into the sink the live market data feeds, as if IB had sent them.
    const day = Date.UTC(2019, 3, 23);
    const lastAapl = seen.filter((b) => b.time >= day).at(-1)!;
    const firstLive = seen.find((b) => b.time >= day)!.time;
    const next = Math.floor(sim!.marketTime / 300_000) * 300_000 + 300_000; // a bar time no real bar has yet
    const p = lastAapl.close;
    const bad: { reason: string; slot: number; bar: Bar }[] = [
      { reason: "non-finite", slot: 0, bar: { time: next, open: p, high: Number.NaN, low: p, close: p, volume: 100 } },
      { reason: "non-positive", slot: 0, bar: { time: next, open: p, high: p, low: 0, close: p, volume: 100 } },
      { reason: "inconsistent", slot: 0, bar: { time: next, open: p, high: p * 0.99, low: p * 1.01, close: p, volume: 100 } },
      { reason: "out-of-order", slot: 0, bar: { time: lastAapl.time - 3_600_000, open: p, high: p, low: p, close: p, volume: 100 } },
      // MSFT's bar for the session's second 5 minutes, arriving an hour late.
      { reason: "stale", slot: 1, bar: { time: firstLive + 300_000, open: 40, high: 40, low: 40, close: 40, volume: 100 } },
      { reason: "outlier", slot: 0, bar: { time: next, open: p * 3, high: p * 3, low: p * 3, close: p * 3, volume: 100 } },
    ];
    const before = seen.length;
    const rejected = (reason: string) => session.metrics.rejectedData.get(reason) ?? 0;
    for (const { reason, slot, bar } of bad) {
      const n = rejected(reason);
      session.sink.bar(slot, bar);
      expect(`${reason}: ${rejected(reason) - n}`).toBe(`${reason}: 1`);
    }
    // None of them reached a strategy (real bars may arrive meanwhile: look for ours).
    const ours = new Set(bad.map((b) => `${b.bar.time}:${b.bar.close}:${b.bar.high}`));
    expect(seen.slice(before).filter((b) => ours.has(`${b.time}:${b.close}:${b.high}`))).toEqual([]);
    // The real feed goes on being accepted and traded.
    const live = session.bars().live;
    await until(() => session.bars().live >= live + 4);
    run.stop();
    const summary = await run.summary;
    for (const { reason } of bad) expect(summary.dataRejected[reason as keyof typeof summary.dataRejected]).toBeGreaterThanOrEqual(1);
    expect(count(db, "SELECT count(*) AS n FROM orders WHERE signal_time = $t", { t: next })).toBe(0);
    // Rejections were snapshotted with the metrics (status and the status page read them there).
    await until(() => count(db, "SELECT count(*) AS n FROM metric_snapshots") > 0);
  }, 90_000);
});
