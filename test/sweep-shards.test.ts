// Sharded sweeps merge to the unsharded result byte for byte: `backtest --each` (one account per
// symbol) and `train --grid` (grid points x models x folds). docs/performance.md.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as v from "valibot";
import { barsParquetBytes } from "../src/adapters/parquet/bars-parquet-write.ts";
import { runEach, runEachShard } from "../src/app/backtest/each.ts";
import type { BacktestRequest } from "../src/app/backtest/backtest-request.ts";
import { runBacktestCommand } from "../src/app/backtest/run-backtest.ts";
import { runTrain, runTrainShard, type TrainRequest } from "../src/app/train/train.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import type { ShardPart } from "../src/backtest/shard-parts.ts";
import { statsToJson } from "../src/backtest/stats/json.ts";
import { eachJson } from "../src/cli/backtest-each-format.ts";
import { EACH_SHARD } from "../src/cli/backtest-shard.ts";
import { readTrainShards, TRAIN_SHARD } from "../src/cli/train-shard.ts";
import { trainJson } from "../src/cli/train-format.ts";
import { AppConfigSchema } from "../src/config/schema.ts";
import { createLogger } from "../src/log/logger.ts";
import { envWithoutRobotrader, robotrader } from "./helpers/cli.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-sweep-shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger({ quiet: true, stream: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream });
const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n"; // printJson's form

test("backtest --each: 3 shards merged by robotrader merge print the unsharded batch byte for byte; workers change nothing", async () => {
  const catalog = path.join(dir, "cat");
  mkdirSync(path.join(catalog, "1d"), { recursive: true });
  const symbols = ["AAA", "BBB", "CCC", "DDD", "EEE"];
  symbols.forEach((s, i) => writeFileSync(path.join(catalog, "1d", `${s}.parquet`), barsParquetBytes(randomWalkSeries(s, 600, 7 + i, Date.UTC(2007, 0, 2)))));
  const dataDir = path.join(dir, "data");
  const config = v.parse(AppConfigSchema, { dataDir });
  const request: BacktestRequest = { symbols, catalog, barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: false };

  const whole = json(eachJson(await runEach(config, request, { workers: 1 }, log)));
  expect(json(eachJson(await runEach(config, request, { workers: 2 }, log)))).toBe(whole);
  // Each symbol's result is that symbol's own backtest.
  const alone = await runBacktestCommand(config, { ...request, symbols: ["CCC"] }, log);
  expect(JSON.parse(whole).each[2].stats).toEqual(statsToJson(alone.stats));

  // With the market's regime (read once per worker in a batch) deciding the entries, still each symbol's own run.
  const filtered: BacktestRequest = { ...request, symbols: ["AAA", "BBB"], regimeFilter: { filter: "bull", source: "market", index: "SPX" } };
  const batch = await runEach(config, filtered, { workers: 2 }, log);
  for (const [k, symbol] of ["AAA", "BBB"].entries()) {
    const own = await runBacktestCommand(config, { ...filtered, symbols: [symbol] }, log);
    expect(statsToJson(batch.results[k]!.stats)).toEqual(statsToJson(own.stats));
    expect(own.stats.trades).toBeGreaterThan(0);
    expect(own.stats.trades).toBeLessThan(JSON.parse(whole).each[k].stats.trades);
  }

  const command = ["backtest", "--symbol", symbols.join(","), "--catalog", catalog, "--each", "--no-save", "--data-dir", dataDir];
  const files: string[] = [];
  for (let index = 0; index < 3; index++) {
    const part = await runEachShard(config, request, { index, count: 3 }, { workers: 1 }, log);
    const file = path.join(dir, `each-${index}.json`);
    writeFileSync(file, JSON.stringify({ kind: EACH_SHARD, version: 1, shard: { index, count: 3 }, jobs: part.jobs, command, results: part.results } satisfies ShardPart));
    files.push(file);
  }
  const merged = await robotrader(["merge", ...files, "--json"], { cwd: dir, env: envWithoutRobotrader() });
  expect([merged.code, merged.stderr]).toEqual([0, ""]);
  expect(merged.stdout).toBe(whole);
  const missing = await robotrader(["merge", files[0]!, files[2]!], { cwd: dir, env: envWithoutRobotrader() });
  expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("missing shard 1/3")]);
});

test("train --grid: 3 shards merged give the unsharded choice, JSON and saved model byte for byte", async () => {
  const request = (dataDir: string): TrainRequest => ({
    symbols: ["SPX"], barSize: "1d", kinds: ["lr", "gbt"], label: { kind: "fwd-ret", horizon: 1, threshold: 0 }, cv: "purged-kfold", embargo: 1, folds: 3,
    seed: 1, weights: false, save: true, promoteIfBetter: false, workers: 1, grid: { gbt: { rounds: [5, 10], maxDepth: [2, 3] } },
    // The fits' durations and the models' creation time are the only inputs that are not the data: fixed here.
    now: () => Date.UTC(2026, 0, 2), clock: () => 0,
  });
  const wholeDir = path.join(dir, "train-whole");
  const whole = await runTrain({ dataDir: wholeDir }, request(wholeDir), log);
  expect(whole.search!.length).toBe(5);
  expect(whole.search!.filter((p) => p.chosen).map((p) => p.model)).toEqual(["lr", "gbt"]);

  const mergedDir = path.join(dir, "train-merged");
  const files: string[] = [];
  for (let index = 0; index < 3; index++) {
    const part = await runTrainShard({ dataDir: mergedDir }, request(mergedDir), { index, count: 3 }, log);
    const file = path.join(dir, `train-${index}.json`);
    writeFileSync(file, JSON.stringify({ kind: TRAIN_SHARD, version: 1, shard: { index, count: 3 }, jobs: part.jobs, command: ["train"], data: part.data, results: part.results } satisfies ShardPart));
    files.push(file);
  }
  const parts = await readTrainShards(files);
  const merged = await runTrain({ dataDir: mergedDir }, { ...request(mergedDir), merged: parts }, log);
  expect(json(trainJson(merged))).toBe(json(trainJson(whole)));
  for (const m of whole.models) {
    for (const file of ["model.json", "meta.json"]) {
      expect(readFileSync(path.join(mergedDir, "models", m.id, file), "utf8")).toBe(readFileSync(path.join(m.dir!, file), "utf8"));
    }
  }
  await expect(readTrainShards(files.slice(1))).rejects.toThrow("missing shard 0/3");
});
