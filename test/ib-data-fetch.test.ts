import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../src/adapters/ib/clock.ts";
import { HistoricalPacer } from "../src/adapters/ib/pacer.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { queryBars, seriesSummary } from "../src/adapters/sqlite/bars-repo.ts";
import { chunkDuration, fetchHistoryToStore } from "../src/app/data-fetch.ts";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
afterEach(() => h.cleanup());
const DAY = 86_400_000;

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
    const sim = await h.sim();
    const conn = h.conn(sim);
    await conn.start();
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
    const sim = await h.sim();
    const conn = h.conn(sim);
    await conn.start();
    const db = openDatabase(":memory:");
    const results = await fetchHistoryToStore({ conn, pacer: new HistoricalPacer(systemClock), db, symbols: ["ZZZZ", "MSFT"], barSize: "1d", duration: { count: 30, unit: "D" }, now: Date.now() });
    expect(results.map((r) => [r.symbol, r.error === undefined])).toEqual([["ZZZZ", false], ["MSFT", true]]);
    expect(results[0]!.error).toContain("IB 200");
    expect(results[1]!.inserted).toBeGreaterThan(10);
    db.close();
  });

  test("stored bars that differ from IB's are not overwritten unless asked", async () => {
    const sim = await h.sim();
    const conn = h.conn(sim);
    await conn.start();
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
});
