import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDataStream } from "./backtest-data-stream.ts";

test("only one large CSV file, without --json, --each, shards or walk-forward, is read on a worker from the start", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "robotrader-data-stream-"));
  const row = "2020-01-02T14:30:00Z,1,2,0.5,1.5,100\n";
  const large = path.join(dir, "large.csv");
  writeFileSync(large, "time,open,high,low,close,volume\n" + row.repeat(Math.ceil((4 << 20) / row.length)));
  const small = path.join(dir, "small.csv");
  writeFileSync(small, "time,open,high,low,close,volume\n" + row);
  const base = { data: large, "bar-size": "1m" };

  const stream = startDataStream(base, false);
  expect(stream?.file).toBe(large);
  // The file is read whole (its repeated time is its problem), as the ordinary read would say it.
  const result = await stream!.result();
  expect("problems" in result && result.problems[0]!.message).toContain("duplicate time");
  stream!.close();

  for (const args of [{ ...base, json: true }, { ...base, each: true }, { ...base, shard: "1/2" }, { ...base, data: small }, { ...base, data: `${large},${small}` }, { ...base, "bar-size": "7m" }, { ...base, data: path.join(dir, "none.csv") }]) {
    expect(startDataStream(args, false)).toBeUndefined();
  }
  expect(startDataStream(base, true)).toBeUndefined();
});
