import { readFile } from "node:fs/promises";
import type { BacktestRequest } from "../app/backtest/backtest-request.ts";
import { runBacktestShard } from "../app/backtest/run-backtest.ts";
import { writeFileAtomically } from "../app/data/export.ts";
import { mergeShards, parseShard, type ShardPartial } from "../backtest/walk-forward/shard.ts";
import { mergeParts, type ShardPart } from "../backtest/shard-parts.ts";
import { runEachShard, type EachOptions } from "../app/backtest/each.ts";
import type { Stats } from "../backtest/stats/stats.ts";
import type { AppConfig } from "../config/schema.ts";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../log/logger.ts";

// --workers changes where the work runs, not its result: parts may differ in it.
const SHARD_FLAGS = new Set(["--shard", "--shard-out", "--merge-shards", "--workers"]);

/** The command's words without the sharding flags: what every part of one run shares. */
export function commandWithoutShardFlags(rawArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const w = rawArgs[i]!;
    const name = w.split("=")[0]!;
    if (SHARD_FLAGS.has(name)) {
      if (!w.includes("=")) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Runs this part of a walk-forward and writes its partial result; returns what was written. */
export async function writeShard(config: AppConfig, request: BacktestRequest, shardText: string, out: string | undefined, rawArgs: readonly string[], log: Logger) {
  const shard = parseShard(shardText);
  if (typeof shard === "string") throw new UserError(shard);
  const result = await runBacktestShard(config, request, shard, log);
  const file = out ?? `shard-${shard.index}-of-${shard.count}.json`;
  const partial: ShardPartial = { kind: "robotrader-walk-forward-shard", version: 1, shard, jobs: result.jobs, command: ["backtest", ...commandWithoutShardFlags(rawArgs)], results: result.results };
  await writeFileAtomically(file, JSON.stringify(partial) + "\n");
  return { shard: `${shard.index}/${shard.count}`, jobs: result.jobs, ran: result.results.length, file };
}

/** Runs this part of a `backtest --each` batch and writes its symbols' results. */
export async function writeEachShard(config: AppConfig, request: BacktestRequest, shardText: string, out: string | undefined, rawArgs: readonly string[], options: EachOptions, log: Logger) {
  const shard = parseShard(shardText);
  if (typeof shard === "string") throw new UserError(shard);
  const result = await runEachShard(config, request, shard, options, log);
  const file = out ?? `shard-${shard.index}-of-${shard.count}.json`;
  const part: ShardPart = { kind: EACH_SHARD, version: 1, shard, jobs: result.jobs, command: ["backtest", ...commandWithoutShardFlags(rawArgs)], results: result.results };
  await writeFileAtomically(file, JSON.stringify(part) + "\n");
  return { shard: `${shard.index}/${shard.count}`, jobs: result.jobs, ran: result.results.length, file };
}

export const EACH_SHARD = "robotrader-backtest-each-shard";

/** Shard files of a `backtest --each` batch -> every symbol's result (stashed), checked. */
export async function readEachShards(files: readonly string[]): Promise<unknown[]> {
  const merged = mergeParts(await readPartFiles(files), EACH_SHARD, "backtest --each");
  if (typeof merged === "string") throw new UserError(`Cannot merge ${files.join(", ")}: ${merged}`);
  return merged.results;
}

/** Shard files as written (any sweep); a file that cannot be read or is not JSON is a UserError. */
export async function readPartFiles(files: readonly string[]): Promise<ShardPart[]> {
  const parts: ShardPart[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UserError(`Cannot read shard file ${file}: ${(error as Error).message}`);
    }
    try {
      parts.push(JSON.parse(text) as ShardPart);
    } catch {
      throw new UserError(`${file} is not a shard file (not JSON)`);
    }
  }
  return parts;
}

/** Shard files -> the merged in-sample statistics, checked (UserError naming what is wrong). */
export async function readShards(files: readonly string[]): Promise<{ command: readonly string[]; stats: Stats[] }> {
  const merged = mergeShards((await readPartFiles(files)) as ShardPartial[]);
  if (typeof merged === "string") throw new UserError(`Cannot merge ${files.join(", ")}: ${merged}`);
  return merged;
}
