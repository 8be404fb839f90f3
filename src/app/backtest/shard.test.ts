import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { mergeShards, type ShardPartial } from "../../backtest/walk-forward/shard.ts";
import { AppConfigSchema } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import type { BacktestRequest } from "./backtest-request.ts";
import { runBacktestCommand, runBacktestShard } from "./run-backtest.ts";

const config = v.parse(AppConfigSchema, { dataDir: path.join(mkdtempSync(path.join(tmpdir(), "robotrader-shard-")), "data") });
const log = createLogger({ quiet: true, stream: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream });

test("a walk-forward run split into 3 shards and merged gives exactly the unsharded result", async () => {
  const request: BacktestRequest = {
    symbols: ["SPX"], barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: false,
    walkForward: { windows: { mode: "rolling", train: { unit: "bars", n: 756 }, test: { unit: "bars", n: 504 } }, grid: { fast: [5, 10, 20], slow: [30, 60] }, objective: "sharpe" },
  };
  const whole = await runBacktestCommand(config, request, log);
  const parts: ShardPartial[] = [];
  for (let index = 0; index < 3; index++) {
    const shard = await runBacktestShard(config, request, { index, count: 3 }, log);
    // Through JSON, as the shard files go between machines.
    parts.push(JSON.parse(JSON.stringify({ kind: "robotrader-walk-forward-shard", version: 1, shard: { index, count: 3 }, jobs: shard.jobs, command: ["backtest"], results: shard.results })));
  }
  expect(parts.map((p) => p.results.length).reduce((a, b) => a + b, 0)).toBe(parts[0]!.jobs);
  const merged = mergeShards(parts);
  if (typeof merged === "string") throw new Error(merged);
  const again = await runBacktestCommand(config, { ...request, mergedInSample: merged.stats }, log);
  const { analytics: _a, ...rest } = again;
  const { analytics: _b, ...wholeRest } = whole;
  expect(rest).toEqual(wholeRest);
  expect(again.windows!.map((w) => w.inSample)).toEqual(whole.windows!.map((w) => w.inSample));
  expect(mergeShards(parts.slice(0, 2))).toBe("missing shard 2/3");
  expect(mergeShards([parts[0]!, parts[0]!, parts[1]!])).toBe("shard 0/3 given twice");
});
