import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { xorshift32 } from "../../core/seeded-random.ts";
import { readBarsCsvFile } from "./bars-csv-file.ts";
import { plainResult as plain, scanInChunks } from "./_scan-in-chunks.ts";
import { BarsCsvScanner, type BarColumnsResult, type BarsCsvOptions } from "./bars-csv-scan.ts";
import { fastNumber, fastTime } from "./fast-fields.ts";
import { parseBarTime } from "./parse-time.ts";

const bytes = (s: string) => new TextEncoder().encode(s);


describe("columnar CSV scanner", () => {
  test("fast number and time paths give exactly what Number() and parseBarTime give", () => {
    const rand = xorshift32(7);
    for (let k = 0; k < 20_000; k++) {
      const digits = 1 + Math.floor(rand() * 15);
      let s = "";
      for (let d = 0; d < digits; d++) s += String(Math.floor(rand() * 10));
      const dot = Math.floor(rand() * (digits + 1));
      const text = dot === digits ? s : `${s.slice(0, dot)}.${s.slice(dot)}`;
      const b = bytes(text);
      expect([text, fastNumber(b, 0, b.length)]).toEqual([text, Number(text)]);
    }
    for (const text of ["1e5", " 1", "1,5", "", "-", ".", "1234567890123456", "0x10"]) expect(fastNumber(bytes(text), 0, text.length)).toBeNaN();
    const times = ["2020-01-02", "2020-02-29", "2021-02-29", "2020-01-02T14:30:00Z", "2020-01-02 14:30:00", "2020-01-02T14:30Z", "2020-01-02T24:00:00Z",
      "2020-13-01", "1577975400", "1577975400123", "2099-12-31T23:59:59Z", "2100-01-01", "1950-01-01", "2020-01-02T14:30:00+01:00"];
    for (const zone of ["UTC", "America/New_York"]) {
      for (const daily of [true, false]) {
        for (const text of times) {
          const fast = fastTime(bytes(text), 0, text.length, daily, zone);
          if (Number.isNaN(fast)) continue; // the slow path reads it
          expect([text, daily, zone, fast]).toEqual([text, daily, zone, (parseBarTime(text, { daily, timeZone: zone }) as { time: number }).time]);
        }
      }
    }
  });

  test("chunk boundaries anywhere (mid-field, mid-quote, CRLF) give the same result", () => {
    const text = '\uFEFFDate,Open,High,Low,Close,Volume\r\n2020-01-02,10,11,9,10.5,1000\r\n"2020-01-03","10.5","11.5","10","11","2,000"\r\n\r\n2020-01-06,"1\n0",11,9,10,5\r\n2020-01-07,10,11,9,10,5';
    const whole = plain(scanInChunks(text, { barSize: "1d" }, 1 << 20));
    for (const chunk of [1, 2, 3, 5, 8, 13]) expect(plain(scanInChunks(text, { barSize: "1d" }, chunk))).toEqual(whole);
    const good = "time,open,high,low,close,volume\n2020-01-02T14:30:00Z,10,11,9,10.5,1000\n2020-01-02T14:31:00Z,10.5,11.5,10,11,2000\n";
    const r = plain(scanInChunks(good, { barSize: "1m" }, 7));
    expect(r).toEqual(plain(scanInChunks(good, { barSize: "1m" }, 1000)));
    expect(r).toMatchObject({ ok: true, lines: [2, 3], bars: { close: [10.5, 11] } });
  });

  test("a file is read in chunks into columns; a newest-first file comes out oldest first", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rt-csv-scan-"));
    try {
      const rows = Array.from({ length: 3000 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString()},${10 + (i % 7) / 100},11,9,10,${i}`);
      const file = path.join(dir, "bars.csv");
      writeFileSync(file, `time,open,high,low,close,volume\n${rows.reverse().join("\n")}\n`);
      const r = readBarsCsvFile(file, { barSize: "1m" }, 4096);
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.newestFirst).toBe(true);
      expect(r.bars.time.length).toBe(3000);
      expect(r.bars.time[0]).toBe(Date.UTC(2020, 0, 1));
      expect(r.bars.volume[2999]).toBe(2999);
      expect(r.lines[0]).toBe(3001);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
