import Big from "big.js";
import type { Stats } from "../stats/stats.ts";
import type { EvaluateBacktests, RunJob } from "./walk-forward.ts";
import { mergeParts, type Shard, type ShardPart } from "../shard-parts.ts";

export { parseShard, type Shard } from "../shard-parts.ts";

/** What one walk-forward shard writes: its in-sample statistics by job number (see ShardPart). */
export interface ShardPartial extends ShardPart {
  readonly kind: "robotrader-walk-forward-shard";
}

/** Evaluates only this shard's share of the jobs; the statistics of the others stay undefined. */
export async function evaluateShard(evaluate: EvaluateBacktests, jobs: readonly RunJob[], shard: Shard, ...rest: Parameters<EvaluateBacktests> extends [unknown, ...infer R] ? R : never): Promise<(readonly [number, Stats])[]> {
  const mine = jobs.map((_, k) => k).filter((k) => k % shard.count === shard.index);
  const stats = await evaluate(mine.map((k) => jobs[k]!), ...rest);
  return mine.map((k, i) => [k, stats[i]!] as const);
}

/**
 * The statistics of every job from the parts of one run, checked: one command, one shard count,
 * each part once, every job covered. A string says what is wrong.
 */
export function mergeShards(parts: readonly ShardPartial[]): { command: readonly string[]; jobs: number; stats: Stats[] } | string {
  const merged = mergeParts(parts, "robotrader-walk-forward-shard", "walk-forward");
  if (typeof merged === "string") return merged;
  return { command: merged.command, jobs: merged.jobs, stats: merged.results.map((s) => reviveStats(s) as Stats) };
}

/** An evaluator that answers from merged statistics (the same jobs, in the same order). */
export function precomputed(stats: readonly Stats[]): EvaluateBacktests {
  return async (jobs, _context, onDone) => {
    if (jobs.length !== stats.length) throw new Error(`merged shards hold ${stats.length} in-sample runs; this run has ${jobs.length}: not the same run`);
    onDone?.(jobs.length);
    return [...stats];
  };
}

// Statistics to JSON and back, exactly: money as decimal strings, non-finite numbers by name.
export function stashStats(value: unknown): unknown {
  if (value instanceof Big) return { $big: value.toString() };
  if (typeof value === "number") return Number.isFinite(value) ? value : { $num: String(value) };
  if (Array.isArray(value)) return value.map(stashStats);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stashStats(v)]));
  return value;
}

export function reviveStats(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveStats);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o["$big"] === "string") return new Big(o["$big"]);
    if (typeof o["$num"] === "string") return Number(o["$num"]);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, reviveStats(v)]));
  }
  return value;
}
