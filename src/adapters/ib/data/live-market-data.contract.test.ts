import { expect } from "bun:test";
import type { Bar } from "../../../core/bar.ts";
import { marketDataContract } from "../../../engine/market-data-contract.ts";
import type { MarketDataSink } from "../../../engine/ports.ts";
import { createLogger } from "../../../log/logger.ts";
import { FakeClock } from "../../clock/fake-clock.ts";
import { systemClock } from "../../clock/system-clock.ts";
import { startSimGateway } from "../../sim-gateway/index.ts";
import { IbConnection } from "../connection/connection.ts";
import { HistoricalPacer } from "../requests/pacer.ts";
import { roundTrip } from "../../../../test/helpers/runner-harness.ts";
import { fetchHistoricalBars } from "./historical.ts";
import { LiveMarketData } from "./live-market-data.ts";

const quiet = createLogger({ quiet: true, format: "json", stream: { write: () => true } as unknown as NodeJS.WritableStream });
const SYMBOLS = ["AAPL", "MSFT"];
const BACKFILL_S = 60;
const LIVE_STEPS = 6;

/**
 * LiveMarketData over a real socket, 5-second bars on the simulator's fake clock: the
 * backfill on connect, then live bars as the clock moves. What it must deliver is what the
 * gateway's own history holds for that whole span, asked for afterwards.
 */
marketDataContract("LiveMarketData over TCP against the gateway simulator (backfill, then live 5-second bars)", async () => {
  const clock = new FakeClock();
  const sim = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", log: quiet, reconnectDelayMs: 50 });
  const conn = new IbConnection({ host: sim.host, port: sim.port, clientId: 11, handshakeTimeoutMs: 2000, backoff: { baseMs: 20, maxMs: 100 }, random: () => 0 });
  expect((await conn.start()).ok).toBe(true);
  const pacer = new HistoricalPacer(systemClock);
  const source = new LiveMarketData({ conn, pacer, symbols: SYMBOLS, barSize: "5s", backfill: { count: BACKFILL_S, unit: "S" }, clock: { now: () => sim.marketTime }, log: quiet });
  const expected: Record<string, Bar[]> = {};
  const startedAt = sim.marketTime;
  return {
    source,
    expected,
    live: true,
    async drain(sink: MarketDataSink) {
      let bars = 0;
      const run = source.run({ bar: (slot, bar) => (bars++, sink.bar(slot, bar)), timeEnd: (t) => sink.timeEnd(t) });
      await until(() => bars >= SYMBOLS.length * (BACKFILL_S / 5));
      await roundTrip(conn); // the real-time streams have reached the gateway
      for (let i = 1; i <= LIVE_STEPS; i++) {
        const before = bars;
        clock.advance(5_000);
        await until(() => bars >= before + SYMBOLS.length);
      }
      source.stop();
      await run;
      for (const symbol of SYMBOLS) {
        const history = await fetchHistoricalBars(conn, pacer, { symbol, barSize: "5s", endTime: sim.marketTime, duration: { count: (sim.marketTime - startedAt) / 1000 + BACKFILL_S, unit: "S" } });
        if (!history.ok) throw new Error(history.error.message);
        expected[symbol] = history.value.bars.filter((b) => b.time >= startedAt - BACKFILL_S * 1000);
        expect(expected[symbol]!.length).toBe(BACKFILL_S / 5 + LIVE_STEPS);
      }
    },
    async close() {
      await conn.close();
      await sim.close();
    },
  };
});

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await Bun.sleep(5);
  }
}
