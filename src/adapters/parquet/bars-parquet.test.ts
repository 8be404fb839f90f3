import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { readBarsParquet } from "./bars-parquet-read.ts";
import { barsParquetBytes } from "./bars-parquet-write.ts";

const dir = mkdtempSync(path.join(tmpdir(), "rt-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array | ArrayBuffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, new Uint8Array(bytes));
  return p;
};
const T0 = Date.UTC(2020, 0, 2, 14, 30);

describe("Parquet bars", () => {
  test("written bars read back to the last bit, as columns", async () => {
    const n = 1000;
    const bars = {
      time: Float64Array.from({ length: n }, (_, i) => T0 + i * 60_000),
      open: Float64Array.from({ length: n }, (_, i) => 100 + i / 3),
      high: Float64Array.from({ length: n }, (_, i) => 101 + i / 3),
      low: Float64Array.from({ length: n }, (_, i) => 99 + i / 3),
      close: Float64Array.from({ length: n }, (_, i) => 100.5 + i / 3),
      volume: Float64Array.from({ length: n }, (_, i) => i * 1.5e7),
    };
    const r = await readBarsParquet(file("round.parquet", barsParquetBytes(bars)), { barSize: "1m" });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.bars).toEqual(bars);
    expect(r.newestFirst).toBe(false);
  });

  test("another tool's layout: Date as text, capitalised names, extra columns, newest first", async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "Date", data: ["2020-01-03", "2020-01-02"], type: "STRING" },
        { name: "Open", data: [10.5, 10], type: "DOUBLE" },
        { name: "High", data: [11.5, 11], type: "DOUBLE" },
        { name: "Low", data: [10, 9], type: "DOUBLE" },
        { name: "Close", data: [11, 10.5], type: "DOUBLE" },
        { name: "Adj Close", data: [1, 1], type: "DOUBLE" },
        { name: "Volume", data: [2000n, 1000n], type: "INT64" },
      ],
    });
    const r = await readBarsParquet(file("yahoo.parquet", bytes), { barSize: "1d" });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(Array.from(r.bars.time)).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    expect(Array.from(r.bars.volume)).toEqual([1000, 2000]);
    expect(r.newestFirst).toBe(true);
  });

  test("bad rows, nulls, duplicates and missing columns are each named by row; nothing is returned", async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: "time", data: [T0, T0 + 60_000, T0 + 60_000, T0 + 180_000], type: "TIMESTAMP" },
        { name: "open", data: [10, 10, 10, null], type: "DOUBLE" },
        { name: "high", data: [11, 9, 11, 11], type: "DOUBLE" },
        { name: "low", data: [9, 9.5, 9, 9], type: "DOUBLE" },
        { name: "close", data: [10, 9.5, 10, 10], type: "DOUBLE" },
        { name: "volume", data: [1, 1, 1, 1], type: "DOUBLE" },
      ],
    });
    const r = await readBarsParquet(file("bad.parquet", bytes), { barSize: "1m" });
    expect(r).toEqual({
      ok: false,
      problems: [
        { line: 2, message: "'high' must be >= 'low', got high=9 low=9.5" },
        { line: 4, message: "'open' must be a number, got nothing (null)" },
      ],
    });
    const dup = parquetWriteBuffer({ columnData: ["time", "open", "high", "low", "close", "volume"].map((name) => ({ name, data: name === "time" ? [T0, T0] : [1, 1], type: name === "time" ? "TIMESTAMP" : "DOUBLE" })) as never });
    expect(await readBarsParquet(file("dup.parquet", dup), { barSize: "1m" })).toEqual({ ok: false, problems: [{ line: 2, message: "duplicate time 2020-01-02T14:30:00Z (also on row 1)" }] });
    const noVolume = parquetWriteBuffer({ columnData: ["time", "open", "high", "low", "close"].map((name) => ({ name, data: [1], type: "DOUBLE" })) as never });
    const missing = await readBarsParquet(file("novol.parquet", noVolume), { barSize: "1m" });
    expect(missing.ok ? "" : missing.problems[0]!.message).toStartWith("missing column 'volume'");
    const notParquet = await readBarsParquet(file("text.parquet", new TextEncoder().encode("time,open\n")), { barSize: "1m" });
    expect(notParquet.ok ? "" : notParquet.problems[0]!.message).toStartWith("not a readable Parquet file");
  });
});
