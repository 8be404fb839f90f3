import { describe, expect, test } from "bun:test";
import { xorshift32 } from "../../core/seeded-random.ts";
import { barColumns } from "./bar-columns.ts";
import { BarColumnsBuilder } from "./bar-columns-builder.ts";
import { readRow, type CsvProblem } from "./bars-csv-row.ts";
import { plainResult as plain, scanInChunks } from "./_scan-in-chunks.ts";
import { BarsCsvScanner, columnRoles, type BarColumnsResult, type BarsCsvOptions } from "./bars-csv-scan.ts";
import { PlainRows } from "./plain-rows.ts";

// The bulk path (plain-rows.ts) may only take a row the string path (readRow) takes, with the
// same values: checked on random rows near every edge of the plain forms, and on whole random
// files against the same files with every field quoted (which the string path reads).

const rand = xorshift32(14);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const bytes = (s: string) => new TextEncoder().encode(s);

/** Mostly a real time in one of the plain forms; sometimes just past an edge, or another form. */
function timeText(daily: boolean): string {
  const y = rand() < 0.9 ? int(1971, 2099) : pick([1969, 1970, 2100, 2101, 999]);
  const mo = rand() < 0.9 ? int(1, 12) : pick([0, 13, 99]);
  const d = rand() < 0.85 ? int(1, 28) : pick([0, 29, 30, 31, 32]);
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  const h = rand() < 0.9 ? int(0, 23) : pick([24, 25, 99]);
  const mi = rand() < 0.9 ? int(0, 59) : 60;
  const s = rand() < 0.9 ? int(0, 59) : 60;
  let text = daily && rand() < 0.7 ? date : `${date}${pick(["T", "T", " ", "t", "_"])}${pad(h)}:${pad(mi)}${rand() < 0.9 ? `:${pad(s)}` : ""}${pick(["Z", "Z", "", "z", "+01:00", ".5Z"])}`;
  if (rand() < 0.05) text = pick([String(int(1_000_000_000, 2_000_000_000)), `${date.replaceAll("-", "")}`, "", "null", " " + text, text + " "]);
  if (rand() < 0.05) {
    const at = int(0, text.length);
    text = text.slice(0, at) + pick(["0", "9", "-", ":", "T", "Z", "/", ".", "a", ""]) + text.slice(at + 1);
  }
  return text;
}

/** A decimal: mostly plain (up to 17 digits, so both sides of the 15-digit bound), sometimes not. */
function numberText(): string {
  if (rand() < 0.05) return pick(["", "1e5", " 1", "1 ", ".5", "5.", "-0", "+1", "0", "abc", "1.2.3", "null", "1,000", "-.", "00000000000000001"]);
  const digits = rand() < 0.85 ? int(1, 8) : int(9, 17);
  let s = "";
  for (let k = 0; k < digits; k++) s += String(int(0, 9));
  const dot = int(0, digits);
  const text = dot === digits ? s : `${s.slice(0, dot)}.${s.slice(dot)}`;
  return (rand() < 0.03 ? pick(["-", "+"]) : "") + text;
}

/** open, high, low, close, volume: a sound bar most of the time. */
function barCells(): string[] {
  const prices = [numberText(), numberText(), numberText(), numberText()];
  if (rand() < 0.8) prices.sort((a, b) => Number(a) - Number(b)); // low, open, close, high
  const [low, open, close, high] = rand() < 0.5 ? [prices[0]!, prices[1]!, prices[2]!, prices[3]!] : [prices[0]!, prices[2]!, prices[1]!, prices[3]!];
  return [open, high, low, close, numberText()];
}

const LAYOUTS = [
  "time,open,high,low,close,volume",
  "Date,Open,High,Low,Close,Adj Close,Volume",
  "open,high,low,close,volume,time",
  "volume,datetime,close,low,high,open,wap",
];

function rowFor(layout: string, time: string, cells: string[]): string {
  const [open, high, low, close, volume] = cells;
  const byName: Record<string, string> = { time, date: time, datetime: time, open: open!, high: high!, low: low!, close: close!, volume: volume!, "adj close": numberText(), wap: pick(["10.2", "", "x y"]) };
  const fields = layout.split(",").map((name) => byName[name.toLowerCase()]!);
  if (rand() < 0.02) fields.push("1");
  if (rand() < 0.02) fields.pop();
  return fields.join(",");
}

describe("bulk path of the CSV reader (plain rows)", () => {
  test("a row it takes is a row the string path reads, with exactly the same values", () => {
    let taken = 0;
    for (let k = 0; k < 20_000; k++) {
      const layout = pick(LAYOUTS);
      const header = layout.split(",");
      const columns = barColumns(header);
      if (!columns.ok) throw new Error(columns.message);
      const daily = rand() < 0.3;
      const zone = pick(["UTC", "America/New_York"]);
      const row = rowFor(layout, timeText(daily), barCells());
      const b = bytes(`${row}${pick(["\n", "\r\n"])}`);
      const out = new BarColumnsBuilder(1);
      out.lines.mark(0, 2);
      new PlainRows(columnRoles(header.length, columns.columns), daily, zone).scan(b, 0, b.length, out);
      if (out.length === 0) continue;
      taken++;
      const problems: CsvProblem[] = [];
      const bar = readRow({ line: 2, fields: row.split(",") }, header, columns.columns, { daily, timeZone: zone }, problems);
      const got = { time: out.time[0], open: out.open[0], high: out.high[0], low: out.low[0], close: out.close[0], volume: out.volume[0] };
      expect([row, daily, zone, got, out.lines.lineOf(0)]).toEqual([row, daily, zone, bar as typeof got, 2]);
      expect(Object.is(got.volume, bar!.volume)).toBe(true); // -0 stays -0
    }
    expect(taken).toBeGreaterThan(1_000);
  });


  test("whole files read the same as with every field quoted (the string path), in any chunking", () => {
    let good = 0;
    for (let f = 0; f < 200; f++) {
      const layout = pick(LAYOUTS);
      const daily = rand() < 0.3;
      const options: BarsCsvOptions = { barSize: daily ? "1d" : "1m", timeZone: pick(["UTC", "America/New_York"]) };
      const clean = rand() < 0.5;
      const start = Date.UTC(int(1990, 2030), int(0, 11), int(1, 28), int(0, 23), int(0, 59));
      const eol = pick(["\n", "\r\n"]);
      const rows: string[][] = [layout.split(",")];
      for (let r = 0; r < int(1, 60); r++) {
        const t = new Date(start + r * (daily ? 86_400_000 : 60_000)).toISOString();
        const time = clean || rand() < 0.9 ? (daily ? t.slice(0, 10) : pick([t.slice(0, 19) + "Z", t.slice(0, 19).replace("T", " ")])) : timeText(daily);
        const cells = barCells();
        const row = clean ? rowFor(layout, time, ["10.5", "11", "9.25", "10", String(r)]) : rowFor(layout, time, cells);
        rows.push(row.split(","));
      }
      const text = rows.map((r) => r.join(",")).join(eol) + (rand() < 0.8 ? eol : "");
      const quoted = rows.map((r) => r.map((c) => `"${c}"`).join(",")).join(eol) + eol;
      const expected = plain(scanInChunks(quoted, options, 1 << 20));
      if (expected.ok) good++;
      expect([text, plain(scanInChunks(text, options, 1 << 20))]).toEqual([text, expected]);
      expect([text, plain(scanInChunks(text, options, int(1, 200), 1))]).toEqual([text, expected]);
    }
    expect(good).toBeGreaterThan(30);
  });
});
