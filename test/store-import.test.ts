import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { embeddedBars } from "../src/adapters/embedded/sp500.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { loadBars } from "../src/app/data/load-bars.ts";
import { envWithoutRobotrader, finished, MAIN, robotrader } from "./helpers/cli.ts";

// `robotrader data import/list/export` as a user runs them: real processes, a real
// database file in a fresh working directory (data/robotrader.db), exit codes, stdout/stderr.
const cwd = mkdtempSync(path.join(tmpdir(), "rt-import-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const dbFile = path.join(cwd, "data", "robotrader.db");
const env = envWithoutRobotrader();
const cli = (...args: string[]) => robotrader(args, { cwd, env });

function file(name: string, text: string | Uint8Array): string {
  writeFileSync(path.join(cwd, name), text);
  return name;
}

/** The database as bytes plus its row counts: what "unchanged" means. */
function snapshot(): { sha: string; wal: boolean; rows: unknown } {
  const sha = createHash("sha256").update(readFileSync(dbFile)).digest("hex");
  const wal = existsSync(`${dbFile}-wal`) && readFileSync(`${dbFile}-wal`).length > 0;
  const db = openDatabase(dbFile, { readonly: true });
  const rows = db.query("SELECT symbol, bar_size, COUNT(*) AS n, SUM(close) AS sum FROM bars GROUP BY 1, 2 ORDER BY 1, 2").all();
  db.close();
  return { sha, wal, rows };
}

const YAHOO = "Date,Open,High,Low,Close,Adj Close,Volume\r\n2020-01-02,10,11,9,10.5,10.4,1000\r\n2020-01-03,10.5,11.5,10,11,10.9,2000\r\n";
const VEGA = "date,open,high,low,close,adjclose,volume\n2020-01-02,20,21,19,20.5,20.5,100\n2020-01-03,20.5,21.5,20,21,21,200\n2020-01-06,21,22,20,21.5,21.5,300";
const IB = "date,open,high,low,close,volume,wap,count\n20200102 09:30:00 US/Eastern,10,11,9,10.5,1000,10.1,3\n20200102 09:35:00 US/Eastern,10.5,11.5,10,11,2000,10.9,4\n";

describe("data import: good files", () => {
  test("Yahoo, lower-case and IB intraday layouts import, and data list shows them with the embedded SPX", async () => {
    let r = await cli("data", "import", file("aapl.csv", YAHOO), "--symbol", "AAPL");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("Imported aapl.csv into AAPL 1d: 2 bars (2020-01-02 .. 2020-01-03): 2 new, 0 already stored, 0 replaced.\n");
    r = await cli("data", "import", file("msft.csv", VEGA), "--symbol", "msft", "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({ symbol: "MSFT", barSize: "1d", bars: 3, inserted: 3, first: "2020-01-02T00:00:00.000Z", last: "2020-01-06T00:00:00.000Z" });
    r = await cli("data", "import", file("nvda.csv", IB), "--symbol", "NVDA", "--bar-size", "5m");
    expect(r.code).toBe(0);

    r = await cli("data", "list", "--json");
    expect(JSON.parse(r.stdout).series).toEqual([
      { symbol: "AAPL", barSize: "1d", first: "2020-01-02T00:00:00.000Z", last: "2020-01-03T00:00:00.000Z", count: 2, source: "store" },
      { symbol: "MSFT", barSize: "1d", first: "2020-01-02T00:00:00.000Z", last: "2020-01-06T00:00:00.000Z", count: 3, source: "store" },
      { symbol: "NVDA", barSize: "5m", first: "2020-01-02T14:30:00.000Z", last: "2020-01-02T14:35:00.000Z", count: 2, source: "store" },
      { symbol: "SPX", barSize: "1d", first: "2000-01-03T00:00:00.000Z", last: "2020-04-17T00:00:00.000Z", count: 5105, source: "embedded", origin: expect.any(String) },
    ]);
    r = await cli("data", "list");
    expect(r.stdout).toContain("NVDA    5m        2020-01-02T14:30:00Z  2020-01-02T14:35:00Z  2     store");
  });

  test("re-importing the same file changes nothing; --replace overwrites differing bars", async () => {
    const before = snapshot();
    let r = await cli("data", "import", "aapl.csv", "--symbol", "AAPL");
    expect(r.stdout).toContain("0 new, 2 already stored, 0 replaced");
    expect(snapshot().rows).toEqual(before.rows);
    r = await cli("data", "import", file("aapl-fix.csv", "date,open,high,low,close,volume\n2020-01-03,10.5,11.5,10,11.25,2000\n2020-01-06,11,12,10,11,10\n"), "--symbol", "AAPL", "--replace");
    expect(r.stdout).toContain("1 new, 0 already stored, 1 replaced");
    expect(snapshot().rows).toContainEqual({ symbol: "AAPL", bar_size: "1d", n: 3, sum: 10.5 + 11.25 + 11 });
  });
});

describe("reading commands on a fresh machine", () => {
  test("data list and data export of the embedded SPX work with no database and create none", async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), "rt-fresh-"));
    try {
      const run = (...args: string[]) => robotrader(args, { cwd: fresh, env });
      let r = await run("data", "list", "--json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).series.map((s: { symbol: string }) => s.symbol)).toEqual(["SPX"]);
      r = await run("data", "export", "--symbol", "SPX", "--from", "2020-04-17");
      expect(r.stdout).toBe("time,open,high,low,close,volume\n2020-04-17,2842.429932,2879.219971,2830.879883,2874.560059,5792140000\n");
      r = await run("data", "export", "--symbol", "AAPL");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("No 1d bars for AAPL. Import them first: robotrader data import FILE.csv --symbol AAPL");
      expect(readdirSync(fresh)).toEqual([]);
      // A file that cannot be imported leaves no empty database behind either.
      writeFileSync(path.join(fresh, "bad.csv"), "Date,Open,High,Low,Close,Volume\n2020-01-02,1,1,1,1,x\n");
      r = await run("data", "import", "bad.csv", "--symbol", "AAPL");
      expect(r.code).toBe(2);
      expect(readdirSync(fresh)).toEqual(["bad.csv"]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});

describe("data import: real-world exports", () => {
  test("a newest-first Yahoo file with a null day, a trailing blank line and a 1-row file import", async () => {
    const text = "Date,Open,High,Low,Close,Adj Close,Volume\n2021-03-04,12,13,11,12.5,12.5,300\n2021-03-03,null,null,null,null,null,null\n2021-03-02,11,12,10,11.5,11.5,200\n2021-03-01,10,11,9,10.5,10.5,100\n\n";
    let r = await cli("data", "import", file("yahoo-desc.csv", text), "--symbol", "YHOO");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(
      "Imported yahoo-desc.csv into YHOO 1d: 3 bars (2021-03-01 .. 2021-03-04): 3 new, 0 already stored, 0 replaced.\n" +
        "The file was newest first; its bars are stored in time order.\n" +
        "Skipped 1 row without data (all values null or empty): line 3.\n",
    );
    r = await cli("data", "export", "--symbol", "YHOO");
    expect(r.stdout).toBe("time,open,high,low,close,volume\n2021-03-01,10,11,9,10.5,100\n2021-03-02,11,12,10,11.5,200\n2021-03-04,12,13,11,12.5,300\n");
    r = await cli("data", "import", file("one.csv", "Date,Open,High,Low,Close,Volume\r\n2021-03-01,10,11,9,10.5,100\r\n"), "--symbol", "ONE", "--json");
    expect(JSON.parse(r.stdout)).toMatchObject({ bars: 1, inserted: 1, newestFirst: false, skipped: [] });
  });
});

describe("data import: bad input exits 2, names the problem, and leaves the database as it was", () => {
  const cases: [string, string[], string | Uint8Array | undefined, string[]][] = [
    ["high below low", ["--symbol", "AAPL"], "date,open,high,low,close,volume\n2020-02-03,10,11,9,10,1\n2020-02-04,10.3,10.2,10.5,10.4,1\n",
      ["Cannot import bad.csv line 3: 'high' must be >= 'low', got high=10.2 low=10.5", "Nothing was imported."]],
    ["several bad rows, all listed", ["--symbol", "AAPL"], "Date,Open,High,Low,Close,Volume\n2020-02-03,10,11,9,10,1\nnope,1,1,1,1,1\n2020-02-05,-1,1,1,1,1\n2020-02-06,1,1,1,1,1.5,7\n",
      ["Cannot import bad.csv: 3 problems. Nothing was imported.", "line 3: 'Date' must be a date like", "line 4: 'open' must be a finite positive price, got -1", "line 5: expected 6 fields like the header, got 7"]],
    ["duplicate time", ["--symbol", "AAPL"], "date,open,high,low,close,volume\n2020-02-03,10,11,9,10,1\n2020-02-03,10,11,9,10,1\n",
      ["line 3: duplicate time 2020-02-03 (also on line 2)"]],
    ["newest first with a row out of order", ["--symbol", "AAPL"], "date,open,high,low,close,volume\n2020-02-05,10,11,9,10,1\n2020-02-06,10,11,9,10,1\n2020-02-03,10,11,9,10,1\n",
      ["line 3: time 2020-02-06 is after line 2's 2020-02-05, but the file is newest first"]],
    ["semicolon-separated (European) CSV", ["--symbol", "AAPL"], "Date;Open;High;Low;Close;Volume\n2020-02-03;10,5;11;9;10;1\n",
      ["line 1: the columns are separated by ';', not commas", "save the file as comma-separated"]],
    ["Windows-1252 bytes", ["--symbol", "AAPL"], Buffer.from("Date,Open,High,Low,Close,Volume\n2020-02-03,10\x96,11,9,10,1\n", "latin1"), ["line 2: the file has bytes that are not UTF-8", "save it as UTF-8"]],
    ["Windows-1252 bytes in an ignored column", ["--symbol", "AAPL"], Buffer.from("Date,Open,High,Low,Close,Volume,Note\n2020-02-03,10,11,9,10,1,ok\n2020-02-04,10,11,9,10,1,caf\xe9\n", "latin1"), ["line 3: the file has bytes that are not UTF-8"]],
    ["header only", ["--symbol", "AAPL"], "Date,Open,High,Low,Close,Adj Close,Volume\n", ["line 1: no bars after the header"]],
    ["only rows without data", ["--symbol", "AAPL"], "Date,Open,High,Low,Close,Adj Close,Volume\n2020-02-03,null,null,null,null,null,null\n", ["no bars after the header (1 row without data skipped)"]],
    ["missing columns", ["--symbol", "AAPL"], "Date,Close\n2020-02-03,10\n", ["line 1: missing columns 'open', 'high', 'low', 'volume'"]],
    ["unclosed quote", ["--symbol", "AAPL"], 'date,open,high,low,close,volume\n"2020-02-03,10,11,9,10,1\n', ["line 2: a quoted field opened on line 2 is never closed"]],
    ["empty file", ["--symbol", "AAPL"], "", ["the file is empty"]],
    ["intraday bars without a time", ["--symbol", "AAPL", "--bar-size", "1m"], "date,open,high,low,close,volume\n2020-02-03,10,11,9,10,1\n", ["a date AND time for intraday bars"]],
    ["unknown zone in the file", ["--symbol", "AAPL", "--bar-size", "1m"], "date,open,high,low,close,volume\n20200203 09:30:00 Mars/Base,10,11,9,10,1\n", ["not 'Mars/Base'"]],
    ["values that differ from stored bars", ["--symbol", "AAPL"], "date,open,high,low,close,volume\n2020-01-02,10,11,9,10.75,1000\n2020-02-10,1,1,1,1,1\n",
      ["Cannot import bad.csv line 2: 2020-01-02 differs from the stored bar: close stored=10.5 file=10.75", "--replace"]],
    ["no such file", ["--symbol", "AAPL"], undefined, ["Cannot import bad.csv: no such file"]],
    ["bad --symbol", ["--symbol", "$$$"], YAHOO, ["--symbol must be a ticker like AAPL or BRK.B, got '$$$'"]],
    ["bad --bar-size", ["--symbol", "AAPL", "--bar-size", "2w"], YAHOO, ["--bar-size must be one of 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d, 1w, got '2w'"]],
    ["bad --tz", ["--symbol", "AAPL", "--tz", "Nowhere"], YAHOO, ["--tz must be an IANA time zone"]],
  ];
  for (const [name, flags, text, messages] of cases) {
    test(name, async () => {
      rmSync(path.join(cwd, "bad.csv"), { force: true });
      if (text !== undefined) file("bad.csv", text);
      const before = snapshot();
      const r = await cli("data", "import", "bad.csv", ...flags);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      for (const m of messages) expect(r.stderr).toContain(m);
      expect(snapshot()).toEqual(before);
    });
  }
});

describe("data export", () => {
  test("export -> import -> export is lossless (stored series and the embedded SPX)", async () => {
    let r = await cli("data", "export", "--symbol", "MSFT", "--out", "msft-out.csv");
    expect(r.code).toBe(0);
    r = await cli("data", "import", "msft-out.csv", "--symbol", "MSFT2");
    expect(r.code).toBe(0);
    r = await cli("data", "export", "--symbol", "MSFT2");
    expect(r.stdout).toBe(readFileSync(path.join(cwd, "msft-out.csv"), "utf8"));
    expect(r.stdout).toBe("time,open,high,low,close,volume\n2020-01-02,20,21,19,20.5,100\n2020-01-03,20.5,21.5,20,21,200\n2020-01-06,21,22,20,21.5,300\n");

    r = await cli("data", "export", "--symbol", "SPX");
    file("spx.csv", r.stdout);
    // Storing SPX 1d would hide the embedded series: refused without --replace.
    const refused = await cli("data", "import", "spx.csv", "--symbol", "SPX");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("SPX 1d is the embedded S&P 500 series");
    expect((await cli("data", "import", "spx.csv", "--symbol", "SPX", "--replace")).code).toBe(0);
    const db = openDatabase(dbFile, { readonly: true });
    const stored = loadBars({ db, symbol: "SPX", barSize: "1d" });
    db.close();
    expect(stored.source).toBe("store");
    expect(stored.bars).toEqual(embeddedBars().map(({ symbol: _, ...bar }) => bar));
  });

  test("a CSV export bigger than a pipe's buffer reaches a reader that is slow to start, whole", async () => {
    // process.exit right after a write drops what the OS pipe could not take yet (64 KiB on
    // Linux). A shell pipe is a real OS pipe; the reader starts late on purpose.
    const script = `"$0" "$1" data export --symbol SPX | { sleep 1; wc -l; }`;
    const { stdout, stderr, code } = await finished(Bun.spawn(["sh", "-c", script, process.execPath, MAIN], { cwd, env, stdout: "pipe", stderr: "pipe" }));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(Number(stdout.trim())).toBe(5106);
  });

  test("--from/--to select a range; --json prints bars as JSON; an unknown series exits 2", async () => {
    let r = await cli("data", "export", "--symbol", "SPX", "--from", "2020-04-16", "--to", "2020-04-17", "--json");
    expect(JSON.parse(r.stdout).bars.map((b: { time: string }) => b.time)).toEqual(["2020-04-16T00:00:00.000Z", "2020-04-17T00:00:00.000Z"]);
    r = await cli("data", "export", "--symbol", "TSLA");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No 1d bars for TSLA in the store. Import them first");
  });
});
