import { afterEach, describe, expect, test } from "bun:test";
import { SIMULATED_SYMBOLS } from "../src/adapters/sim-gateway/index.ts";
import { defaultBars } from "../src/adapters/sim-gateway/market/universe.ts";
import type { SymbolBar } from "../src/core/bar.ts";
import { simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

const N = 100;
const names = Array.from({ length: N }, (_, i) => `P${String(i).padStart(3, "0")}`);
/** P000..P099: each a rescaled copy of one of the simulator's series. */
function bars(symbol: string): readonly SymbolBar[] | undefined {
  const i = names.indexOf(symbol);
  if (i < 0) return defaultBars(symbol);
  const scale = 1 + (i % 7) / 10;
  return (defaultBars(SIMULATED_SYMBOLS[i % SIMULATED_SYMBOLS.length]!) ?? []).map((b) => ({ ...b, symbol, open: b.open * scale, high: b.high * scale, low: b.low * scale, close: b.close * scale }));
}

describe("run: 100 symbols within IB's pacing", () => {
  test("backfill and one real-time stream per symbol, with the simulator closing the connection on any pacing violation: none happens", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir, { risk: { maxOpenPositions: N } }), {
      symbols: names, sim: { speed: 300, gateway: { bars, faults: { "pacing-strict": true } } },
    });
    cleanup.push(() => run.stop());
    const { sim, session, market } = await run.started;
    // Every symbol backfilled and streaming: a live bar from each.
    // Wait on both: under load some symbols' subscriptions come later than others' first bars.
    const streaming = () => new Set(sim!.openStreams().map((s) => s.symbol)).size;
    await until(() => session.bars().live >= 3 * N && streaming() === N, 60_000);
    const streams = new Map<string, number>();
    for (const s of sim!.openStreams()) streams.set(s.symbol, (streams.get(s.symbol) ?? 0) + 1);
    expect(streams.size).toBe(N);
    expect([...streams.values()].every((n) => n === 1)).toBe(true);
    run.stop();
    const summary = await run.summary;
    // pacing-strict drops the connection at the first error 100 or 162: a reconnect would show here.
    expect(summary.reconnects).toEqual({});
    expect(market.resubscribes).toBe(0);
    expect(summary.bars.backfill).toBeGreaterThan(N * 50);
    // At 300x a loaded machine can deliver a bar past the stale limit; that is the validator doing
    // its job, not a pacing fault. Nothing else may be rejected.
    expect(Object.keys(summary.dataRejected).filter((reason) => reason !== "stale")).toEqual([]);
  }, 90_000);
});
