import { describe, expect, test } from "bun:test";
import { saveBars } from "../../adapters/sqlite/bars-repo.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { UserError } from "../../core/errors.ts";
import { rangeArgs } from "../../cli/_series-args.ts";
import { listData } from "./list.ts";
import { loadBars } from "./load-bars.ts";

const bar = (time: number, close: number) => ({ time, open: close, high: close, low: close, close, volume: 1 });

describe("loadBars", () => {
  test("SPX 1d comes from the embedded series when nothing is stored, with or without a store", () => {
    const loaded = loadBars({ symbol: "SPX", barSize: "1d", ...rangeArgs("2020-04-01", "2020-04-17") });
    expect(loaded.source).toBe("embedded");
    expect(loaded.bars.length).toBe(12);
    expect(loaded.bars[0]).not.toHaveProperty("symbol");
    expect(loadBars({ db: openDatabase(":memory:"), symbol: "SPX", barSize: "1d" }).bars.length).toBe(5105);
  });

  test("stored bars win over the embedded series", () => {
    const db = openDatabase(":memory:");
    saveBars(db, { symbol: "SPX", barSize: "1d" }, [bar(Date.UTC(2021, 0, 4), 3700)]);
    expect(loadBars({ db, symbol: "SPX", barSize: "1d" })).toEqual({ symbol: "SPX", barSize: "1d", source: "store", bars: [bar(Date.UTC(2021, 0, 4), 3700)] });
  });

  test("a missing series or an empty range is a UserError that says what to do", () => {
    const db = openDatabase(":memory:");
    expect(() => loadBars({ db, symbol: "AAPL", barSize: "1d" })).toThrow(UserError);
    expect(() => loadBars({ db, symbol: "AAPL", barSize: "1d" })).toThrow("robotrader data import FILE.csv --symbol AAPL --bar-size 1d");
    expect(() => loadBars({ symbol: "SPX", barSize: "5m" })).toThrow("No 5m bars for SPX");
    expect(() => loadBars({ symbol: "SPX", barSize: "1d", ...rangeArgs("2021-01-01", undefined) })).toThrow(
      "No 1d bars for SPX between 2021-01-01 and …; embedded bars span 2000-01-03 .. 2020-04-17",
    );
  });

  test("data list shows stored series and the embedded SPX", () => {
    const db = openDatabase(":memory:");
    saveBars(db, { symbol: "AAPL", barSize: "5m" }, [bar(1000, 1), bar(2000, 2)]);
    expect(listData(db).map((s) => [s.symbol, s.barSize, s.count, s.source])).toEqual([
      ["AAPL", "5m", 2, "store"],
      ["SPX", "1d", 5105, "embedded"],
    ]);
  });
});

describe("data flags", () => {
  test("--to with a bare date covers the whole day; --from after --to is refused", () => {
    expect(rangeArgs("2020-01-02", "2020-01-02")).toEqual({ from: Date.UTC(2020, 0, 2), to: Date.UTC(2020, 0, 3) - 1 });
    expect(rangeArgs(undefined, "2020-01-02T10:00:00Z")).toEqual({ to: Date.UTC(2020, 0, 2, 10) });
    expect(() => rangeArgs("2020-02-01", "2020-01-01")).toThrow("--from (2020-02-01T00:00:00Z) must not be after --to");
    expect(() => rangeArgs("yesterday", undefined)).toThrow("--from must be a date or time like");
  });
});
