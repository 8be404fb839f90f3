import { describe, expect, test } from "bun:test";
import { barArrays, type Bar } from "../../core/bar.ts";
import { listSeries, queryBarArrays, queryBars, saveBars, seriesSummary } from "./bars-repo.ts";
import { openDatabase } from "./db.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 2);
const bar = (i: number, close = 10 + i): Bar => ({ time: T0 + i * DAY, open: close, high: close + 1, low: close - 1, close, volume: 1000 + i });
const key = { symbol: "AAPL", barSize: "1d" } as const;

describe("bars repository", () => {
  test("saves new bars and reads them back in time order, as objects and as columns", () => {
    const db = openDatabase(":memory:");
    const bars = [bar(0), bar(1), bar(2)];
    expect(saveBars(db, key, [bars[2]!, bars[0]!, bars[1]!])).toEqual({ inserted: 3, unchanged: 0, replaced: 0, conflicts: [] });
    expect(queryBars(db, key)).toEqual(bars);
    expect(queryBars(db, { ...key, from: T0 + DAY, to: T0 + DAY })).toEqual([bars[1]!]);
    const cols = queryBarArrays(db, { ...key, from: T0 + DAY });
    expect([...cols.time]).toEqual([T0 + DAY, T0 + 2 * DAY]);
    expect([...cols.close]).toEqual([11, 12]);
    expect([...cols.volume]).toEqual([1001, 1002]);
    expect(queryBars(db, { symbol: "AAPL", barSize: "1h" })).toEqual([]);
  });

  test("identical bars already stored are counted as unchanged", () => {
    const db = openDatabase(":memory:");
    saveBars(db, key, [bar(0), bar(1)]);
    expect(saveBars(db, key, [bar(0), bar(1), bar(2)])).toEqual({ inserted: 1, unchanged: 2, replaced: 0, conflicts: [] });
  });

  test("a differing stored bar refuses the whole batch by default, and nothing is written", () => {
    const db = openDatabase(":memory:");
    saveBars(db, key, [bar(0), bar(1)]);
    const result = saveBars(db, key, [bar(1, 99), bar(2), bar(3)]);
    expect(result.inserted).toBe(0);
    expect(result.conflicts).toEqual([{ stored: bar(1), incoming: bar(1, 99) }]);
    expect(queryBars(db, key)).toEqual([bar(0), bar(1)]);
  });

  test("'replace' overwrites differing bars and adds new ones in one go", () => {
    const db = openDatabase(":memory:");
    saveBars(db, key, [bar(0), bar(1)]);
    expect(saveBars(db, key, [bar(1, 99), bar(2)], "replace")).toEqual({ inserted: 1, unchanged: 0, replaced: 1, conflicts: [] });
    expect(queryBars(db, key)).toEqual([bar(0), bar(1, 99), bar(2)]);
  });

  test("columns (an import) are saved like the same bars as objects, in statements of several rows", () => {
    const db = openDatabase(":memory:");
    const bars = Array.from({ length: 130 }, (_, i) => bar(i)); // two full statements of 64 and 2 rows one by one
    saveBars(db, key, bars.slice(0, 5));
    expect(saveBars(db, key, barArrays(bars))).toEqual({ inserted: 125, unchanged: 5, replaced: 0, conflicts: [] });
    expect(queryBars(db, key)).toEqual(bars);
    const changed = barArrays([bar(129, 99)]);
    expect(saveBars(db, key, changed).conflicts).toEqual([{ stored: bar(129), incoming: bar(129, 99) }]);
  });

  test("a batch that fails half-way leaves the store as it was", () => {
    const db = openDatabase(":memory:");
    saveBars(db, key, [bar(0)]);
    const broken = { ...bar(2), open: null as unknown as number }; // NOT NULL violation after bar(1) was inserted
    expect(() => saveBars(db, key, [bar(1), broken])).toThrow();
    expect(queryBars(db, key)).toEqual([bar(0)]);
  });

  test("lists each series with first/last time and count", () => {
    const db = openDatabase(":memory:");
    saveBars(db, key, [bar(0), bar(1), bar(2)]);
    saveBars(db, { symbol: "MSFT", barSize: "5m" }, [bar(5)]);
    expect(listSeries(db)).toEqual([
      { symbol: "AAPL", barSize: "1d", first: T0, last: T0 + 2 * DAY, count: 3 },
      { symbol: "MSFT", barSize: "5m", first: T0 + 5 * DAY, last: T0 + 5 * DAY, count: 1 },
    ]);
    expect(seriesSummary(db, key)).toEqual({ ...key, first: T0, last: T0 + 2 * DAY, count: 3 });
    expect(seriesSummary(db, { symbol: "NONE", barSize: "1d" })).toBeUndefined();
  });
});
