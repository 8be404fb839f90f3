import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetMetadata, parquetRead, type FileMetaData } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import { readBarsParquet } from "./bars-parquet-read.ts";
import { barsParquetBytes } from "./bars-parquet-write.ts";
import { plainDoubleColumn } from "./plain-double-column.ts";

const FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;
const fixtures = path.join(import.meta.dir, "fixtures");
const dir = mkdtempSync(path.join(tmpdir(), "rt-parquet-plain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The bars fixtures/make-fixtures.py wrote, as columns. */
function fixtureBars(n = 300) {
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  const open = col((i) => 100 + (i % 37) / 8 + i / 1000);
  return {
    time: col((i) => 1577975400000 + i * 60_000),
    open,
    high: col((i) => open[i]! + 1.25 + (i % 5) / 100),
    low: col((i) => open[i]! - 0.75 - (i % 3) / 100),
    close: col((i) => open[i]! + ((i % 7) - 3) / 10),
    volume: col((i) => 1000 + i * 17),
  };
}

function load(bytes: Uint8Array): { bytes: Uint8Array; metadata: FileMetaData } {
  return { bytes, metadata: parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) };
}

/** hyparquet's own decoding of one column, whole. */
async function hyparquetColumn(bytes: Uint8Array, name: string): Promise<number[]> {
  const out: number[] = [];
  await parquetRead({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    columns: [name],
    onChunk: ({ columnData, rowStart }) => columnData.forEach((v, i) => void (out[rowStart + i] = Number(v))),
  });
  return out;
}

const bits = (values: ArrayLike<number>) => Buffer.from(Float64Array.from(values).buffer).toString("hex");

describe("plain double columns read from the file's bytes", () => {
  const cases: [string, () => Uint8Array, "view" | "copy" | "hyparquet"][] = [
    ["robotrader's layout", () => barsParquetBytes(fixtureBars()), "view"],
    ["robotrader's layout, one bar", () => barsParquetBytes(fixtureBars(1)), "view"],
    ["robotrader's layout in row groups of 7 bars", () => barsParquetBytes(fixtureBars(), 7), "copy"],
    ["pyarrow, 3 row groups of 2 pages", () => readFileSync(path.join(fixtures, "pyarrow-plain-pages.parquet")), "copy"],
    ["pyarrow, v2 data pages", () => readFileSync(path.join(fixtures, "pyarrow-plain-v2.parquet")), "copy"],
    ["pyarrow, Snappy v1 pages, 3 row groups", () => readFileSync(path.join(fixtures, "pyarrow-snappy-plain.parquet")), "copy"],
    ["pyarrow defaults (Snappy, dictionary, nullable)", () => readFileSync(path.join(fixtures, "pyarrow-default.parquet")), "hyparquet"],
    ["DuckDB, uncompressed (nullable)", () => readFileSync(path.join(fixtures, "duckdb-uncompressed.parquet")), "hyparquet"],
    ["hyparquet-writer, Snappy v2 pages (robotrader's earlier layout)", () => new Uint8Array(parquetWriteBuffer({ columnData: FIELDS.map((name) => ({ name, data: fixtureBars()[name], type: "DOUBLE" as const, nullable: false })), pageSize: 1024 })), "copy"],
    ["hyparquet-writer, ZSTD", () => new Uint8Array(parquetWriteBuffer({ columnData: FIELDS.map((name) => ({ name, data: fixtureBars()[name], type: "DOUBLE" as const, nullable: false })), codec: "ZSTD", compressors: { ZSTD: (b) => Bun.zstdCompressSync(b) } })), "hyparquet"],
  ];
  for (const [name, bytesOf, expected] of cases) {
    test(`${name}: ${expected === "hyparquet" ? "left to hyparquet" : "the same bits as hyparquet decodes"}`, async () => {
      const { bytes, metadata } = load(new Uint8Array(bytesOf()));
      for (const field of FIELDS) {
        const plain = plainDoubleColumn(bytes, metadata, field);
        if (expected === "hyparquet") {
          expect(plain).toBeUndefined();
          continue;
        }
        if (!plain) throw new Error(`${field} not read in place`);
        expect(plain.buffer === bytes.buffer).toBe(expected === "view");
        expect(bits(plain)).toBe(bits(await hyparquetColumn(bytes, field)));
      }
    });
  }

  test("robotrader's layout keeps every double's bits (-0, subnormals, extremes) and is 8-aligned for any length", async () => {
    for (const n of [0, 1, 2, 3, 7, 200]) {
      const special = [-0, 0, Number.MIN_VALUE, -Number.MAX_VALUE, 1e300, 0.1 + 0.2, 946857600000, -1.5];
      const bars = fixtureBars(n);
      for (let i = 0; i < n; i++) bars.volume[i] = special[i % special.length]!;
      const { bytes, metadata } = load(barsParquetBytes(bars));
      for (const field of FIELDS) {
        const plain = plainDoubleColumn(bytes, metadata, field)!;
        expect(plain.buffer === bytes.buffer).toBe(n > 0);
        expect(bits(plain)).toBe(bits(bars[field]));
        expect(bits(await hyparquetColumn(bytes, field))).toBe(bits(bars[field]));
      }
    }
  });

  test("a page header that does not describe plain doubles leaves the column to hyparquet", () => {
    const bytes = barsParquetBytes(fixtureBars(10));
    const { metadata } = load(bytes);
    const at = Number(metadata.row_groups[0]!.columns[1]!.meta_data!.data_page_offset);
    const broken = bytes.slice();
    broken[at + 1] = 0x7f; // uncompressed_page_size no longer 8 bytes a value
    expect(plainDoubleColumn(broken, metadata, "open")).toBeUndefined();
    // A Snappy page that does not decode to its stated size: hyparquet is left to say so.
    const snappy = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "open", data: Float64Array.of(1, 2, 3), type: "DOUBLE", nullable: false }] }));
    const s = load(snappy);
    const reader = { view: new DataView(snappy.buffer), offset: Number(s.metadata.row_groups[0]!.columns[0]!.meta_data!.data_page_offset) };
    parquetHeader(reader); // now at the page's Snappy stream: its length, then the first tag
    expect(plainDoubleColumn(snappy, s.metadata, "open")).toEqual(Float64Array.of(1, 2, 3));
    snappy[reader.offset + 1] = 0x01; // a copy before any byte was written
    expect(plainDoubleColumn(snappy, s.metadata, "open")).toBeUndefined();
    expect(plainDoubleColumn(bytes.subarray(0, at + 20), metadata, "open")).toBeUndefined(); // a truncated file
    expect(plainDoubleColumn(bytes, metadata, "missing")).toBeUndefined();
  });

  test("every layout above, ZSTD, GZIP and Brotli pages and Polars' defaults, read to the same bars through readBarsParquet (TIMESTAMP ms and us, INT64 volume, nulls allowed but absent)", async () => {
    const want = fixtureBars();
    const files = ["pyarrow-plain-pages", "pyarrow-plain-v2", "pyarrow-snappy-plain", "pyarrow-default", "duckdb-uncompressed", "pyarrow-zstd", "pyarrow-gzip", "pyarrow-brotli", "polars-default"].map((f) => path.join(fixtures, `${f}.parquet`));
    const own = path.join(dir, "own.parquet");
    writeFileSync(own, barsParquetBytes(want));
    for (const file of [own, ...files]) {
      const r = await readBarsParquet(file, { barSize: "1m" });
      if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
      for (const field of FIELDS) expect([file, field, bits(r.bars[field])]).toEqual([file, field, bits(want[field])]);
      expect(Array.from(r.lines.subarray(0, 3))).toEqual([1, 2, 3]);
    }
  });
});
