import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import type { Clock } from "../src/core/clock.ts";
import { fetchHistoricalBars, parseWindowEnd } from "../src/adapters/ib/data/historical.ts";
import { HistoricalPacer } from "../src/adapters/ib/requests/pacer.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { queryBars, seriesSummary } from "../src/adapters/sqlite/bars-repo.ts";
import { chunkDuration, fetchHistoryToStore, finishedBars } from "../src/app/data/fetch.ts";
import { type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { createLogger } from "../src/log/logger.ts";
import { eventually } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
afterEach(() => h.cleanup());
const DAY = 86_400_000;

class NoPacing extends HistoricalPacer {
  override delayFor(): number {
    return 0;
  }
}

class Waiting extends HistoricalPacer {
  asked = 0;
  override delayFor(): number {
    this.asked += 1;
    return 600_000;
  }
}

/**
 * A simulator on a manual clock where another program (or the previous run) has just asked
 * for exactly the chunk a 1800 S fetch of MSFT 5-second bars asks first: IB refuses it for pacing.
 */
async function afterIdenticalRequest(): Promise<{ sim: SimGateway; simClock: FakeClock }> {
  const simClock = new FakeClock();
  const sim = await h.sim({ clock: simClock, replayStart: "2020-03-02 11:00" });
  const other = h.conn(sim, { clientId: 12 });
  await other.start();
  const ask = { symbol: "MSFT", barSize: "5s", duration: { count: 1800, unit: "S" } } as const;
  expect((await fetchHistoricalBars(other, new HistoricalPacer(systemClock), ask)).ok).toBe(true);
  return { sim, simClock };
}

describe("data fetch into the store", () => {
  test("chunks never exceed IB's maximum duration for the bar size", () => {
    expect(chunkDuration(5 * 365 * DAY, "1d")).toEqual({ count: 1, unit: "Y" });
    expect(chunkDuration(40 * DAY, "1d")).toEqual({ count: 40, unit: "D" });
    expect(chunkDuration(30 * DAY, "5m")).toEqual({ count: 7, unit: "D" });
    expect(chunkDuration(30 * DAY, "1m")).toEqual({ count: 1, unit: "D" });
    expect(chunkDuration(DAY, "5s")).toEqual({ count: 3600, unit: "S" });
    expect(chunkDuration(1, "1d")).toEqual({ count: 1, unit: "D" });
  });

  test("downloads in chunks, resumes older history without asking for stored bars, and a re-run asks once", async () => {
    const { conn } = await h.connected();
    const db = openDatabase(":memory:");
    const base = { conn, pacer: new HistoricalPacer(systemClock), db, barSize: "1d" as const, now: Date.now() };

    const [first] = await fetchHistoryToStore({ ...base, symbols: ["AAPL"], duration: { count: 2, unit: "Y" } });
    expect(first!.error).toBeUndefined();
    expect(first!.requests).toBeGreaterThanOrEqual(2);
    const stored1 = seriesSummary(db, { symbol: "AAPL", barSize: "1d" })!;
    expect(stored1.count).toBe(first!.inserted);
    expect(stored1.last - stored1.first).toBeGreaterThanOrEqual(2 * 365 * DAY - 5 * DAY);

    const [second] = await fetchHistoryToStore({ ...base, symbols: ["AAPL"], duration: { count: 3, unit: "Y" } });
    expect(second!.error).toBeUndefined();
    const stored2 = seriesSummary(db, { symbol: "AAPL", barSize: "1d" })!;
    expect(stored2.first).toBeLessThan(stored1.first);
    expect(stored2.last).toBe(stored1.last);
    // Only the newest chunk overlaps what was stored; older chunks are all new bars.
    expect(second!.unchanged).toBeLessThanOrEqual(260);
    expect(second!.inserted).toBe(stored2.count - stored1.count);

    const [third] = await fetchHistoryToStore({ ...base, symbols: ["AAPL"], duration: { count: 3, unit: "Y" } });
    expect(third!.requests).toBe(1);
    expect(third!.inserted).toBe(0);
    const bars = queryBars(db, { symbol: "AAPL", barSize: "1d" });
    expect(new Set(bars.map((b) => b.time)).size).toBe(bars.length);
    db.close();
  });

  test("an unknown symbol is reported and the others are still fetched", async () => {
    const { conn } = await h.connected();
    const db = openDatabase(":memory:");
    const results = await fetchHistoryToStore({ conn, pacer: new HistoricalPacer(systemClock), db, symbols: ["ZZZZ", "MSFT"], barSize: "1d", duration: { count: 30, unit: "D" }, now: Date.now() });
    expect(results.map((r) => [r.symbol, r.error === undefined])).toEqual([["ZZZZ", false], ["MSFT", true]]);
    expect(results[0]!.error).toContain("IB 200");
    expect(results[1]!.inserted).toBeGreaterThan(10);
    db.close();
  });

  test("stored bars that differ from IB's are not overwritten unless asked", async () => {
    const { conn } = await h.connected();
    const db = openDatabase(":memory:");
    const base = { conn, pacer: new HistoricalPacer(systemClock), db, symbols: ["AAPL"], barSize: "1d" as const, duration: { count: 10, unit: "D" } as const, now: Date.now() };
    await fetchHistoryToStore(base);
    const last = seriesSummary(db, { symbol: "AAPL", barSize: "1d" })!.last;
    db.query("UPDATE bars SET close = high WHERE symbol = 'AAPL' AND time = $t").run({ t: last });
    const before = queryBars(db, { symbol: "AAPL", barSize: "1d" });
    const [refused] = await fetchHistoryToStore(base);
    expect(refused!.conflicts).toBe(1);
    expect(refused!.error).toContain("--replace");
    expect(queryBars(db, { symbol: "AAPL", barSize: "1d" })).toEqual(before);
    const [replaced] = await fetchHistoryToStore({ ...base, replace: true });
    expect(replaced!.replaced).toBe(1);
    db.close();
  });

  test("a re-run while the market is open: the bar still forming is never stored, so resuming finds no conflict", async () => {
    const simClock = new FakeClock();
    // 30 seconds into the 11:00 one-minute bar of the replay.
    const sim = await h.sim({ clock: simClock, replayStart: "2020-03-02 11:00" });
    simClock.advance(30_000);
    const conn = h.conn(sim);
    await conn.start();
    const db = openDatabase(":memory:");
    const base = { conn, pacer: new NoPacing(systemClock), db, symbols: ["MSFT"], barSize: "1m" as const, duration: { count: 1800, unit: "S" } as const, now: Date.now() };
    const [first] = await fetchHistoryToStore(base);
    expect(first!.error).toBeUndefined();
    const minute = 60_000;
    const stored = seriesSummary(db, { symbol: "MSFT", barSize: "1m" })!;
    expect(first!.received).toBe(first!.inserted + 1); // IB sent the forming 11:00 bar too
    expect(new Date(stored.last + minute).toISOString()).toBe("2020-03-02T16:00:00.000Z"); // 10:59 ET ends at 11:00
    simClock.advance(2 * minute); // 11:02:30: the 11:00 and 11:01 bars are finished now
    const [second] = await fetchHistoryToStore(base);
    expect(second!.error).toBeUndefined();
    expect(second!.conflicts).toBe(0);
    expect(second!.inserted).toBeGreaterThanOrEqual(2);
    expect(queryBars(db, { symbol: "MSFT", barSize: "1m" }).filter((b) => b.time >= Date.parse("2020-03-02T16:00:00Z")).length).toBe(2);
    expect(new Date(seriesSummary(db, { symbol: "MSFT", barSize: "1m" })!.last).toISOString()).toBe("2020-03-02T16:01:00.000Z");
    db.close();
  });

  test("a finished bar is kept whatever its start; only the trailing unfinished ones go", () => {
    const bar = (time: number) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 });
    expect(finishedBars([bar(0), bar(60_000)], "1m", 120_000)).toHaveLength(2);
    expect(finishedBars([bar(0), bar(60_000)], "1m", 119_999)).toHaveLength(1);
    expect(finishedBars([bar(0), bar(60_000)], "1m", undefined)).toHaveLength(2);
    expect(parseWindowEnd("finished-20200302 10:30:00 US/Eastern-20200302 11:00:30 US/Eastern")).toBe(Date.parse("2020-03-02T16:00:30Z"));
    expect(parseWindowEnd("finished-20200302-15:30:00 UTC-20200302-16:00:30 UTC")).toBe(Date.parse("2020-03-02T16:00:30Z"));
    expect(parseWindowEnd("finished")).toBeUndefined();
  });

  test("a chunk IB refuses for pacing (another run's identical request) is asked again after a wait, not reported as failed", async () => {
    const { sim, simClock } = await afterIdenticalRequest();
    const conn = h.conn(sim);
    await conn.start();
    const waits: number[] = [];
    // Our waits move the simulator's time, so IB's 15-second window really passes.
    const clock: Clock = { now: () => simClock.now(), setTimer: (ms, fn) => (waits.push(ms), simClock.advance(ms), systemClock.setTimer(0, fn)) };
    const lines: string[] = [];
    const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } as unknown as NodeJS.WritableStream });
    const db = openDatabase(":memory:");
    // Our pacer runs on that time too: it adds what is left of its own 15-second window (plus margin).
    const [r] = await fetchHistoryToStore({ conn, pacer: new HistoricalPacer(clock), db, symbols: ["MSFT"], barSize: "5s", duration: { count: 1800, unit: "S" }, now: Date.now(), clock, pacingRetryMs: [15_000, 60_000], log });
    expect(r!.error).toBeUndefined();
    expect(r!.interrupted).toBe(false);
    expect(waits).toEqual([15_000, 750]);
    expect(r!.requests).toBeGreaterThanOrEqual(2); // refused, then served (and the seconds the wait moved on)
    expect(r!.inserted).toBe(seriesSummary(db, { symbol: "MSFT", barSize: "5s" })!.count);
    expect(r!.inserted).toBeGreaterThan(300);
    expect(lines.some((l) => l.includes("for pacing (162); asking again in 15 s (retry 1 of 2"))).toBe(true);
    db.close();
  });

  test("IB still refusing after every wait: the symbol fails with IB's reason and how to resume", async () => {
    const { sim } = await afterIdenticalRequest();
    const conn = h.conn(sim);
    await conn.start();
    // Waits that do not move IB's clock: the window never passes.
    const clock: Clock = { now: () => Date.now(), setTimer: (_ms, fn) => systemClock.setTimer(0, fn) };
    const db = openDatabase(":memory:");
    const [r] = await fetchHistoryToStore({ conn, pacer: new NoPacing(clock), db, symbols: ["MSFT"], barSize: "5s", duration: { count: 1800, unit: "S" }, now: Date.now(), clock, pacingRetryMs: [1, 1] });
    expect(r!.requests).toBe(3);
    expect(r!.error).toContain("IB 162");
    expect(r!.error).toContain("pacing");
    expect(r!.error).toContain("run the same command later to resume");
    db.close();
  });

  test("an aborted fetch stops at once as interrupted, keeping what was saved", async () => {
    const { conn } = await h.connected();
    const db = openDatabase(":memory:");
    const stop = new AbortController();
    const [done] = await fetchHistoryToStore({ conn, pacer: new HistoricalPacer(systemClock), db, symbols: ["AAPL"], barSize: "5s", duration: { count: 1800, unit: "S" }, now: Date.now() });
    expect(done!.inserted).toBeGreaterThan(300);
    // A pacer that has just used up IB's 10-minute window: the next request would wait minutes.
    const pacer = new Waiting(systemClock);
    const second = fetchHistoryToStore({ conn, pacer, db, symbols: ["AAPL", "MSFT"], barSize: "5s", duration: { count: 1800, unit: "S" }, now: Date.now(), signal: stop.signal });
    await eventually(() => pacer.asked > 0);
    expect(pacer.open).toBe(0);
    stop.abort();
    const results = await second;
    expect(results.map((r) => [r.symbol, r.interrupted, r.error])).toEqual([["AAPL", true, undefined]]);
    expect(seriesSummary(db, { symbol: "AAPL", barSize: "5s" })!.count).toBe(done!.inserted);
    db.close();
  });
});
