import { describe, expect, test } from "bun:test";
import type { Bar } from "../../core/bar.ts";
import { parseBarsCsv } from "./bars-csv-read.ts";
import { formatBarsCsv } from "./bars-csv-write.ts";

const D1 = Date.UTC(2020, 0, 2);
const D2 = Date.UTC(2020, 0, 3);
const daily = { barSize: "1d" } as const;
const bars = (text: string, options: Parameters<typeof parseBarsCsv>[1] = daily): Bar[] => {
  const r = parseBarsCsv(text, options);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bars;
};
const problems = (text: string, options: Parameters<typeof parseBarsCsv>[1] = daily) => {
  const r = parseBarsCsv(text, options);
  return r.ok ? [] : r.problems;
};
const TWO_BARS: Bar[] = [
  { time: D1, open: 10, high: 11, low: 9, close: 10.5, volume: 1000 },
  { time: D2, open: 10.5, high: 11.5, low: 10, close: 11, volume: 2000 },
];

describe("parseBarsCsv layouts", () => {
  test("Yahoo: Date,Open,High,Low,Close,Adj Close,Volume (adjusted close ignored)", () => {
    expect(bars("Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,10.1,1000\n2020-01-03,10.5,11.5,10,11,10.6,2000\n")).toEqual(TWO_BARS);
  });
  test("lower-case vega layout: date,open,high,low,close,adjclose,volume", () => {
    expect(bars("date,open,high,low,close,adjclose,volume\n2020-01-02,10,11,9,10.5,1,1000\n2020-01-03,10.5,11.5,10,11,1,2000")).toEqual(TWO_BARS);
  });
  test("BOM, CRLF, quoted fields and YYYYMMDD dates", () => {
    expect(bars('\uFEFF"Date","Open","High","Low","Close","Volume"\r\n"20200102","10","11","9","10.5","1000"\r\n"20200103","10.5","11.5","10","11","2000"\r\n')).toEqual(TWO_BARS);
  });
  test("IB layout with extra columns and zoned intraday times", () => {
    const text = "date,open,high,low,close,volume,wap,barCount\n20200102 09:30:00 US/Eastern,10,11,9,10.5,1000,10.2,5\n20200102 09:35:00 US/Eastern,10.5,11.5,10,11,2000,10.7,9\n";
    expect(bars(text, { barSize: "5m" }).map((b) => b.time)).toEqual([Date.UTC(2020, 0, 2, 14, 30), Date.UTC(2020, 0, 2, 14, 35)]);
  });
  test("separate Date and Time columns, in the given default zone", () => {
    const text = "Date,Time,Open,High,Low,Close,Volume\n2020-07-02,09:30,10,11,9,10.5,1000\n";
    expect(bars(text, { barSize: "1m", timeZone: "America/New_York" })[0]!.time).toBe(Date.UTC(2020, 6, 2, 13, 30));
  });
});

describe("parseBarsCsv problems", () => {
  test("every bad row is reported with its line, not only the first", () => {
    const text = [
      "Date,Open,High,Low,Close,Volume",
      "2020-01-02,10,11,9,10.5,1000",
      "2020-01-03,10,10.2,10.5,10.4,1000", // high < low
      "2020-01-04,null,11,9,10,1000", // not a number
      "2020-01-05,10,11,9,10,-5", // negative volume
      "2020-01-06,0,11,9,10,5", // zero price
      "2020-01-07,10,11,9,12,5", // close above high
      "2020-13-01,10,11,9,10,5", // bad date
      "2020-01-08,10,11,9,10", // missing field
      "2020-01-08,10,11,9,10,5",
      "2020-01-08,10,11,9,10,5", // duplicate
      "2020-01-07,10,11,9,10,5", // goes back
      "2020-01-09,10,11,9,10,",
    ].join("\n");
    expect(problems(text)).toEqual([
      { line: 3, message: "'high' must be >= 'low', got high=10.2 low=10.5" },
      { line: 4, message: "'open' must be a number, got 'null'" },
      { line: 5, message: "'volume' must be a finite non-negative number, got -5" },
      { line: 6, message: "'open' must be a finite positive price, got 0" },
      { line: 7, message: "'close' must be within low..high, got close=12 low=9 high=11" },
      { line: 8, message: "'Date' must be a real calendar date and time, got '2020-13-01'" },
      { line: 9, message: "expected 6 fields like the header, got 5" },
      { line: 11, message: "duplicate time 2020-01-08 (also on line 10)" },
      { line: 12, message: "time 2020-01-07 is before line 10's 2020-01-08; rows must be in one time order, each time once" },
      { line: 13, message: "'volume' must be a number, got ''" },
    ]);
  });

  test("header problems: missing columns, no header, duplicate names, empty file", () => {
    expect(problems("Date,Open,High,Close\n2020-01-02,1,1,1")).toEqual([
      { line: 1, message: "missing columns 'low', 'volume'; the header must name date, open, high, low, close and volume (got: Date,Open,High,Close)" },
    ]);
    expect(problems("2020-01-02,1,1,1,1,1\n")[0]!.message).toContain("expected a header line naming the columns");
    expect(problems("date,open,high,low,close,volume,Open\n")[0]!.message).toContain("'Open' twice");
    expect(problems("")).toEqual([{ line: 1, message: "the file is empty; expected a header line and bars" }]);
    expect(problems("date,open,high,low,close,volume\n")).toEqual([{ line: 1, message: "no bars after the header" }]);
  });

  test("a file that is newest first throughout is read oldest first (many exports are)", () => {
    const r = parseBarsCsv("date,open,high,low,close,volume\n2020-01-03,10.5,11.5,10,11,2000\n2020-01-02,10,11,9,10.5,1000\n", daily);
    expect(r).toMatchObject({ ok: true, bars: TWO_BARS, lines: [3, 2], newestFirst: true });
    expect(parseBarsCsv("date,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1000\n", daily)).toMatchObject({ newestFirst: false });
  });

  test("a newest-first file with a duplicate or a row out of order names the line", () => {
    const text = "date,open,high,low,close,volume\n2020-01-06,1,1,1,1,1\n2020-01-03,1,1,1,1,1\n2020-01-03,1,1,1,1,1\n2020-01-04,1,1,1,1,1\n2020-01-01,1,1,1,1,1\n";
    expect(problems(text)).toEqual([
      { line: 4, message: "duplicate time 2020-01-03 (also on line 3)" },
      { line: 5, message: "time 2020-01-04 is after line 3's 2020-01-03, but the file is newest first (most rows are older than the row above them); rows must be in one time order, each time once" },
    ]);
  });

  test("one stray old row at the end of an oldest-first file is named, not every other row", () => {
    const text = "date,open,high,low,close,volume\n2020-01-02,1,1,1,1,1\n2020-01-03,1,1,1,1,1\n2020-01-06,1,1,1,1,1\n2019-01-01,1,1,1,1,1\n";
    expect(problems(text)).toEqual([{ line: 5, message: "time 2019-01-01 is before line 4's 2020-01-06; rows must be in one time order, each time once" }]);
  });

  test("Yahoo's rows of nulls (a day without data) are skipped and their lines reported", () => {
    const text = "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,11,9,10.5,10.4,1000\n2019-12-31,null,null,null,null,null,null\n2020-01-03,10.5,11.5,10,11,10.9,2000\n2020-01-06,,,,,,\n";
    expect(parseBarsCsv(text, daily)).toMatchObject({ ok: true, bars: TWO_BARS, skipped: [3, 5] });
    // Only some values missing is not "no data" but a bad row.
    expect(problems("Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,null\n")).toEqual([{ line: 2, message: "'volume' must be a number, got 'null'" }]);
    // A file of nothing but null rows has no bars.
    expect(problems("Date,Open,High,Low,Close,Volume\n2020-01-02,null,null,null,null,null\n")).toEqual([{ line: 1, message: "no bars after the header (1 row without data skipped)" }]);
  });

  test("semicolon- and tab-separated files are named as such", () => {
    expect(problems("Date;Open;High;Low;Close;Volume\n2020-01-02;10,5;11;9;10,5;1000\n")[0]!.message).toStartWith(
      "the columns are separated by ';', not commas (a European-style CSV?); robotrader reads comma-separated files with '.' as the decimal point",
    );
    expect(problems("Date\tOpen\tHigh\tLow\tClose\tVolume\n")[0]!.message).toStartWith("the columns are separated by tabs, not commas");
  });

  test("thousands separators and day/month dates say what to write instead", () => {
    expect(problems('Date,Open,High,Low,Close,Volume\n01/02/2020,10,11,9,10.5,"1,000"\n')).toEqual([
      { line: 2, message: "'Date' must be a date like 2020-01-02, 2020-01-02T14:30:00Z, 20200102, or 20200102 09:30:00 US/Eastern, got '01/02/2020' (is it day/month or month/day? write dates as YYYY-MM-DD)" },
      { line: 2, message: "'volume' must be a number, got '1,000' (without thousands separators: 1000)" },
    ]);
  });

  test("bytes that are not UTF-8 (Windows-1252 files) get a hint", () => {
    const latin1 = new TextDecoder().decode(new Uint8Array([0x31, 0x30, 0x96]));
    expect(problems(`Date,Open,High,Low,Close,Volume\n2020-01-02,${latin1},11,9,10.5,1000\n`)).toEqual([
      { line: 2, message: "'open' must be a number, got '10\uFFFD' (the file has bytes that are not UTF-8: save it as UTF-8 or plain ASCII)" },
    ]);
  });

  test("numbers must be plain decimals: no hex, no thousands separators, no Infinity", () => {
    const text = 'date,open,high,low,close,volume\n2020-01-02,0x10,Infinity,9,10,"1,000"\n';
    expect(problems(text).map((p) => p.message)).toEqual([
      "'open' must be a number, got '0x10'",
      "'high' must be a number, got 'Infinity'",
      "'volume' must be a number, got '1,000' (without thousands separators: 1000)",
    ]);
  });
});

describe("formatBarsCsv", () => {
  test("export then import gives back the same bars, daily and intraday, to the last bit", () => {
    const awkward: Bar[] = [
      { time: Date.UTC(2020, 0, 2, 14, 30), open: 0.1 + 0.2, high: 1e-7 + 1, low: 1e-7, close: 1 / 3, volume: 1.5e21 },
      { time: Date.UTC(2020, 0, 2, 14, 30, 1, 500), open: 123456.789, high: 123456.79, low: 0.0001, close: 100, volume: 0 },
    ];
    expect(bars(formatBarsCsv(awkward, "1s"), { barSize: "1s" })).toEqual(awkward);
    expect(bars(formatBarsCsv(TWO_BARS, "1d"))).toEqual(TWO_BARS);
    expect(formatBarsCsv(TWO_BARS, "1d")).toBe("time,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1000\n2020-01-03,10.5,11.5,10,11,2000\n");
  });
});
