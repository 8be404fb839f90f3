import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { startCsvStream } from "../../adapters/csv/csv-stream.ts";
import { AppConfigSchema } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import type { BacktestOutcome, BacktestRequest } from "./backtest-request.ts";
import { runBacktestCommand } from "./run-backtest.ts";

// A plain backtest of one CSV file simulated while a worker reads it (streamed-run.ts) against
// the same run read first: the same outcome, the same errors, nothing of a voided run kept.

const dir = mkdtempSync(path.join(tmpdir(), "robotrader-streamed-run-"));
const config = v.parse(AppConfigSchema, { dataDir: path.join(dir, "data") });
const HEADER = "time,open,high,low,close,volume\n";
/** Rows enough for several of the reader's 1 MB chunks (~55 bytes a row). */
const ROWS = 60_000;

/** Minute bars of a random walk from 2020-01-02 14:30 UTC, oldest first, as CSV rows. */
function rows(n: number, seed = 7): string[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  let close = 100;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const open = close;
    close = Math.max(1, Math.round((open * (1 + (next() - 0.5) * 0.01)) * 100) / 100);
    const high = Math.round((Math.max(open, close) + next() * 0.2) * 100) / 100;
    const low = Math.round((Math.min(open, close) - next() * 0.2) * 100) / 100;
    const time = new Date(Date.UTC(2020, 0, 2, 14, 30) + i * 60_000).toISOString().replace(".000Z", "Z");
    out.push(`${time},${open},${high},${low},${close},${1000 + Math.floor(next() * 5000)}`);
  }
  return out;
}

const good = rows(ROWS);

function file(name: string, body: readonly string[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, HEADER + body.join("\n") + "\n");
  return f;
}

/** The outcome as the user sees it: everything but the objects a run builds again. */
const seen = (o: BacktestOutcome) =>
  JSON.stringify({ ...o, setup: undefined, equity: Array.from(o.equity.equity), times: Array.from(o.equity.time), benchmark: undefined, analytics: o.analytics });

/** The run read first (the ordinary way) and the run simulated while read: outcome or error message. */
async function both(data: string, extra: Partial<BacktestRequest> = {}): Promise<{ plain: string; streamed: string; debug: string[] }> {
  const debug: string[] = [];
  const log = createLogger({ verbose: true, stream: { write: (s: string) => debug.push(s) > 0, isTTY: false } as unknown as NodeJS.WriteStream });
  const request: BacktestRequest = { dataFiles: [data], barSize: "1m", strategy: "sma-cross", params: { fast: 5, slow: 20 }, direction: "long-only", initialCash: 100_000, save: false, ...extra };
  const run = (r: BacktestRequest) => runBacktestCommand(config, r, log).then(seen, (e: Error) => `${e.name}: ${e.message}`);
  const plain = await run(request);
  debug.length = 0;
  const streamed = await run({ ...request, csvStream: startCsvStream(data, { barSize: "1m" }) });
  return { plain, streamed, debug };
}

describe("a backtest simulated while its CSV file is read", () => {
  test("gives the outcome of the run read first, and took the streamed way", async () => {
    const r = await both(file("good.csv", good));
    expect(r.plain).toStartWith("{");
    expect(r.streamed).toBe(r.plain);
    expect(r.debug.join("")).toContain("simulated while read");
  });

  test("records its equity and exposure into the stream's buffer (no column of its own after the buffer came)", async () => {
    const data = file("recorded.csv", good);
    const stream = startCsvStream(data, { barSize: "1m" });
    const request: BacktestRequest = { dataFiles: [data], barSize: "1m", strategy: "sma-cross", params: { fast: 5, slow: 20 }, direction: "long-only", initialCash: 100_000, save: false, csvStream: stream };
    const outcome = await runBacktestCommand(config, request, createLogger({ verbose: false }));
    expect(outcome.equity.equity.length).toBe(ROWS);
    expect(outcome.equity.equity.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(outcome.equity.time.buffer).toBe(outcome.equity.equity.buffer);
  });

  test("a bad row at the end: the same error, no outcome", async () => {
    const r = await both(file("bad-end.csv", [...good.slice(0, -1), "2020-03-14T00:00:00Z,1,2,3,x,5"]));
    expect(r.plain).toStartWith("UserError: Cannot read bars from");
    expect(r.plain).toContain("bad-end.csv:");
    expect(r.streamed).toBe(r.plain);
  });

  test("a time out of order near the end, or an empty file: the same error", async () => {
    const swapped = [...good];
    [swapped[ROWS - 3], swapped[ROWS - 2]] = [swapped[ROWS - 2]!, swapped[ROWS - 3]!];
    const order = await both(file("order.csv", swapped));
    expect(order.plain).toContain("rows must be in one time order");
    expect(order.streamed).toBe(order.plain);
    const f = path.join(dir, "empty.csv");
    writeFileSync(f, "");
    const empty = await both(f);
    expect(empty.plain).toContain("the file is empty");
    expect(empty.streamed).toBe(empty.plain);
  });

  test("a file newest first is run again from its whole columns: the same outcome", async () => {
    const r = await both(file("newest-first.csv", [...good].reverse()));
    expect(r.plain).toStartWith("{");
    expect(r.streamed).toBe(r.plain);
    expect(r.debug.join("")).not.toContain("simulated while read");
  });

  test("more rows than the reader expected from the first rows' length: run again from the grown columns", async () => {
    // Long first rows: the estimate is low, the columns grow, the streamed run stops and is made again.
    const padded = good.map((row, i) => (i < 800 ? row.replace(/,(\d+)$/, ",000000000000000000$1") : row));
    const r = await both(file("grows.csv", padded));
    expect(r.plain).toStartWith("{");
    expect(r.streamed).toBe(r.plain);
    expect(r.debug.join("")).not.toContain("simulated while read");
  });
});
