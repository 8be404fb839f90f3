import { runTrainShard, type TrainRequest } from "../app/train/train.ts";
import { writeFileAtomically } from "../app/data/export.ts";
import { parseGrid } from "../backtest/walk-forward/grid.ts";
import { mergeParts, parseShard, type ShardPart } from "../backtest/shard-parts.ts";
import type { AppConfig } from "../config/schema.ts";
import { UserError } from "../core/errors.ts";
import type { Logger } from "../log/logger.ts";
import { MODEL_DEFAULTS } from "../ml/models/model-file.ts";
import { paramProblem } from "../ml/models/param-bounds.ts";
import type { ModelKind } from "../ml/models/model.ts";
import type { ModelGrid } from "../ml/pipeline/search.ts";
import { commandWithoutShardFlags, readPartFiles } from "./backtest-shard.ts";

export const TRAIN_SHARD = "robotrader-train-shard";

/** `--grid gbt.rounds=100,200:gbt.maxDepth=3..5` (the backtest's grid form, names as in --params), checked per model. */
export function parseModelGrid(text: string, kinds: readonly ModelKind[]): ModelGrid {
  let flat: Readonly<Record<string, readonly number[]>>;
  try {
    flat = parseGrid(text.replace(/(^|:)\s*(\w+)\.(\w+)\s*=/g, "$1$2__$3="));
  } catch (e) {
    throw new UserError(`--grid: ${(e as Error).message.replace(/^walk-forward: --grid /, "").replace(/; expected name=.*$/, "").replace(/__/g, ".")}; expected model.name=v1,v2[:model.name=...], e.g. gbt.rounds=100,200:gbt.maxDepth=3,4`);
  }
  const grid: Partial<Record<ModelKind, Record<string, readonly number[]>>> = {};
  for (const [key, values] of Object.entries(flat)) {
    const [kind, name] = key.split("__") as [string, string | undefined];
    if (name === undefined) throw new UserError(`--grid '${key}': expected model.name=values, e.g. gbt.rounds=100,200`);
    if (!kinds.includes(kind as ModelKind)) throw new UserError(`--grid '${kind}.${name}': model '${kind}' is not among --model ${kinds.join(",")}`);
    const known = MODEL_DEFAULTS[kind as ModelKind];
    if (!(name in known)) throw new UserError(`--grid '${kind}.${name}': ${kind} has no parameter '${name}'; expected one of ${Object.keys(known).join(", ")}`);
    for (const v of values) {
      const problem = paramProblem(kind as ModelKind, name, v);
      if (problem) throw new UserError(`--grid '${kind}.${name}=${v}': ${problem}`);
    }
    (grid[kind as ModelKind] ??= {})[name] = values;
  }
  return grid;
}

/** Runs this part of a train search and writes its fits for robotrader merge. */
export async function writeTrainShard(config: Pick<AppConfig, "dataDir">, request: TrainRequest, shardText: string, out: string | undefined, rawArgs: readonly string[], log: Logger) {
  const shard = parseShard(shardText);
  if (typeof shard === "string") throw new UserError(shard);
  const result = await runTrainShard(config, request, shard, log);
  const file = out ?? `shard-${shard.index}-of-${shard.count}.json`;
  const part: ShardPart = { kind: TRAIN_SHARD, version: 1, shard, jobs: result.jobs, command: ["train", ...commandWithoutShardFlags(rawArgs)], data: result.data, results: result.results };
  await writeFileAtomically(file, JSON.stringify(part) + "\n");
  return { shard: `${shard.index}/${shard.count}`, jobs: result.jobs, ran: result.results.length, file };
}

/** Shard files of a train search -> every fit (stashed) and the data they were trained on, checked. */
export async function readTrainShards(files: readonly string[]): Promise<{ command: readonly string[]; data: string | undefined; fits: unknown[] }> {
  const merged = mergeParts(await readPartFiles(files), TRAIN_SHARD, "train");
  if (typeof merged === "string") throw new UserError(`Cannot merge ${files.join(", ")}: ${merged}`);
  return { command: merged.command, data: merged.data, fits: merged.results };
}
