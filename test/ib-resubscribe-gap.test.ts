import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import type { IbConnection } from "../src/adapters/ib/connection/connection.ts";
import { BarSubscriptions } from "../src/adapters/ib/data/market-data.ts";
import { requestCurrentTime } from "../src/adapters/ib/requests/current-time.ts";
import { HistoricalPacer, type HistoricalRequestKey } from "../src/adapters/ib/requests/pacer.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import type { SymbolBar } from "../src/core/bar.ts";
import { createLogger } from "../src/log/logger.ts";
import { eventually } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";

/**
 * 5-second bar streams across a dropped connection: the gap is backfilled from history, and
 * the live bars that arrive before the backfill answers (IB pacing can hold it back) are held
 * and follow it, so the stream has no hole and never goes back in time.
 */

const h = new Harness();
afterEach(() => h.cleanup());

/** A pacer whose next small-bar request waits until the test opens the gate (IB pacing). */
class GatedPacer extends HistoricalPacer {
  #open = true;
  #waiting: (() => void)[] = [];
  close(): void {
    this.#open = false;
  }
  release(): void {
    this.#open = true;
    for (const w of this.#waiting.splice(0)) w();
  }
  get waiting(): number {
    return this.#waiting.length;
  }
  override async acquire(key: HistoricalRequestKey, signal?: AbortSignal): Promise<number | undefined> {
    if (!this.#open) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return super.acquire(key, signal);
  }
}

async function streamAcrossDrop(maxHoldMs: number | undefined, releaseGate: boolean) {
  const clock = new FakeClock();
  const { sim, conn } = await h.connected({ clock, replayStart: "2020-03-02 11:00" });
  const pacer = new GatedPacer(systemClock);
  const lines: string[] = [];
  const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } as unknown as NodeJS.WritableStream });
  const subs = new BarSubscriptions(conn, pacer, log, maxHoldMs === undefined ? {} : { maxHoldMs });
  const bars: SymbolBar[] = [];
  subs.subscribe({ symbol: "AAPL", stream: { kind: "realtime-5s" }, onBar: (b) => bars.push(b) });
  await roundTrip(conn);
  for (let i = 1; i <= 3; i++) {
    clock.advance(5000);
    expect(await eventually(() => bars.length === i)).toBe(true);
  }
  pacer.close();
  const first = conn.session;
  sim.dropConnections();
  clock.advance(30_000); // six bars happen while we are away (nobody can reconnect within this tick)
  expect(await eventually(() => conn.session !== undefined && conn.session !== first && subs.resubscribes === 1, 5000)).toBe(true);
  expect(await eventually(() => pacer.waiting === 1)).toBe(true); // the backfill waits for IB pacing
  await roundTrip(conn); // the new reqRealTimeBars has reached the gateway
  const before = bars.length;
  for (let i = 0; i < 2; i++) {
    clock.advance(5000); // live bars arrive meanwhile
    await roundTrip(conn);
  }
  return { bars, before, pacer, subs, lines, clock, release: releaseGate };
}

/** A reqCurrentTime round trip: the server has read everything sent before it. */
async function roundTrip(conn: IbConnection): Promise<void> {
  expect((await requestCurrentTime(conn, 2000)).ok).toBe(true);
}

const steps = (bars: SymbolBar[]) => bars.slice(1).map((b, i) => b.time - bars[i]!.time);

describe("5-second bars across a reconnect", () => {
  test("live bars that beat the delayed backfill wait for it: no hole, nothing twice, always forward", async () => {
    const { bars, before, pacer, subs } = await streamAcrossDrop(undefined, true);
    expect(bars.length).toBe(before); // held, not delivered ahead of the gap
    pacer.release();
    expect(await eventually(() => bars.length >= before + 8)).toBe(true);
    expect(steps(bars).every((d) => d === 5000)).toBe(true);
    subs.close();
  });

  test("a backfill held back longer than maxHoldMs lets the live bars go on and reports the gap", async () => {
    const { bars, before, pacer, subs, lines } = await streamAcrossDrop(50, false);
    expect(await eventually(() => bars.length >= before + 2)).toBe(true);
    expect(lines.some((l) => l.includes("still waiting after 50 ms") && l.includes("the gap before them may stay"))).toBe(true);
    expect(steps(bars).every((d) => d > 0)).toBe(true); // never back in time
    pacer.release();
    await Bun.sleep(50);
    expect(steps(bars).every((d) => d > 0)).toBe(true); // late backfill bars are not slipped in behind
    subs.close();
  });
});
