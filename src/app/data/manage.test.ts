import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listSeries, queryBars, saveBars } from "../../adapters/sqlite/bars-repo.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { UserError } from "../../core/errors.ts";
import { deleteStoredBars } from "./delete.ts";
import { readBarsFile, storeBars } from "./import.ts";
import { loadBars } from "./load-bars.ts";
import { resampleStored } from "./resample.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rt-manage-"));
const csv = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected a UserError");
};

describe("the embedded SPX is never hidden by accident", () => {
  test("importing SPX 1d needs --replace; data delete brings the embedded series back", async () => {
    const db = openDatabase(":memory:");
    const read = await readBarsFile(csv("spx.csv", "date,open,high,low,close,volume\n2021-01-04,1,2,1,2,10\n"), { barSize: "1d" });
    expect(message(() => storeBars(db, read, { symbol: "SPX", barSize: "1d" }))).toStartWith(
      "SPX 1d is the embedded S&P 500 series; storing SPX 1d bars would hide it from every command. Re-run data import with --replace",
    );
    expect(listSeries(db)).toEqual([]);
    storeBars(db, read, { symbol: "SPX", barSize: "1d", replace: true });
    expect(loadBars({ db, symbol: "SPX", barSize: "1d" }).source).toBe("store");
    const deleted = deleteStoredBars({ db, symbol: "SPX" });
    expect(deleted).toMatchObject({ embeddedBack: true, deleted: [{ barSize: "1d", count: 1 }] });
    expect(loadBars({ db, symbol: "SPX", barSize: "1d" })).toMatchObject({ source: "embedded" });
    expect(message(() => deleteStoredBars({ db, symbol: "SPX" }))).toContain("nothing is stored for SPX (the embedded SPX 1d series is built in and cannot be deleted)");
  });
});

describe("data delete", () => {
  test("deletes one bar size within a range, and says what is stored when nothing matches", () => {
    const db = openDatabase(":memory:");
    const day = (d: number) => ({ time: Date.UTC(2021, 0, d), open: 1, high: 2, low: 1, close: 2, volume: 1 });
    saveBars(db, { symbol: "AAPL", barSize: "1d" }, [day(4), day(5), day(6)]);
    saveBars(db, { symbol: "AAPL", barSize: "1w" }, [day(4)]);
    const out = deleteStoredBars({ db, symbol: "AAPL", barSize: "1d", from: Date.UTC(2021, 0, 5) });
    expect(out.deleted).toEqual([{ symbol: "AAPL", barSize: "1d", first: Date.UTC(2021, 0, 5), last: Date.UTC(2021, 0, 6), count: 2 }]);
    expect(queryBars(db, { symbol: "AAPL", barSize: "1d" }).map((b) => b.time)).toEqual([Date.UTC(2021, 0, 4)]);
    expect(message(() => deleteStoredBars({ db, symbol: "AAPL", barSize: "5m" }))).toBe(
      "No stored bars for AAPL 5m: stored for AAPL: 1d 1 bar 2021-01-04 .. 2021-01-04; 1w 1 bar 2021-01-04 .. 2021-01-04. Nothing was deleted.",
    );
  });
});

describe("data resample and import hints", () => {
  test("1m -> 5m is stored beside the source; a second run changes nothing; a smaller size is refused", () => {
    const db = openDatabase(":memory:");
    const open = Date.UTC(2021, 0, 4, 14, 30);
    const ones = Array.from({ length: 10 }, (_, i) => ({ time: open + i * 60_000, open: 10, high: 11 + i, low: 9, close: 10, volume: 5 }));
    saveBars(db, { symbol: "AAPL", barSize: "1m" }, ones);
    expect(resampleStored({ db, symbol: "AAPL", from: "1m", to: "5m" })).toMatchObject({ read: 10, bars: 2, inserted: 2 });
    expect(queryBars(db, { symbol: "AAPL", barSize: "5m" })).toEqual([
      { time: open, open: 10, high: 15, low: 9, close: 10, volume: 25 },
      { time: open + 300_000, open: 10, high: 20, low: 9, close: 10, volume: 25 },
    ]);
    expect(resampleStored({ db, symbol: "AAPL", from: "1m", to: "5m" })).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(message(() => resampleStored({ db, symbol: "AAPL", from: "5m", to: "1m" }))).toContain("can only combine bars into a larger size");
    expect(message(() => resampleStored({ db, symbol: "SPX", from: "1d", to: "1d" }))).toContain("is not larger");
  });

  test("an intraday file imported as daily bars (the default) gets a hint to pass --bar-size", async () => {
    const file = csv("intra.csv", "time,open,high,low,close,volume\n2020-01-02 09:30,1,2,1,2,10\n2020-01-02 09:35,1,2,1,2,10\n");
    let text = "";
    try {
      await readBarsFile(file, { barSize: "1d" });
    } catch (error) {
      text = (error as Error).message;
    }
    expect(text).toEndWith("Several bars share a date: this looks like intraday data, read as daily bars (the default). Pass its size, e.g. --bar-size 5m.");
  });
});
