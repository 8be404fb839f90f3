import Big from "big.js";
import type { Stats } from "../stats/stats.ts";
import type { EvaluateBacktests, RunJob } from "./walk-forward.ts";

/** Shard `index` of `count` (0-based): it runs the in-sample jobs whose number % count == index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What one shard writes: its in-sample statistics by job number, and what run they belong to. */
export interface ShardPartial {
  readonly kind: "robotrader-walk-forward-shard";
  readonly version: 1;
  readonly shard: Shard;
  /** In-sample jobs of the whole run (windows x grid combinations). */
  readonly jobs: number;
  /** The command that made it (without its --shard flags): every part of one run has the same. */
  readonly command: readonly string[];
  /** [job number, statistics] for this shard's jobs. */
  readonly results: readonly (readonly [number, unknown])[];
}

/** "2/8": part 2 of 8, numbered from 0 (Kubernetes JOB_COMPLETION_INDEX, Slurm SLURM_ARRAY_TASK_ID with --array=0-7). */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `--shard must be I/N (this run's part I of N), got '${text}'`;
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (!(n >= 1 && i >= 0 && i < n)) return `--shard I/N needs 0 <= I < N (parts are numbered from 0, like JOB_COMPLETION_INDEX), got '${text}'`;
  return { index: i, count: n };
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
  if (parts.length === 0) return "no shard files given";
  const first = parts[0]!;
  const key = JSON.stringify(first.command);
  const seen = new Set<number>();
  for (const p of parts) {
    if (p.kind !== "robotrader-walk-forward-shard" || p.version !== 1) return "not a robotrader walk-forward shard file";
    if (JSON.stringify(p.command) !== key) return `shards of different runs: '${first.command.join(" ")}' and '${p.command.join(" ")}'`;
    if (p.shard.count !== first.shard.count || p.jobs !== first.jobs) return `shards of different splits: ${first.shard.count} parts and ${p.shard.count}`;
    if (seen.has(p.shard.index)) return `shard ${p.shard.index}/${p.shard.count} given twice`;
    seen.add(p.shard.index);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) return `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${first.shard.count}`).join(", ")}`;
  const stats: (Stats | undefined)[] = new Array(first.jobs);
  for (const p of parts) for (const [k, s] of p.results) stats[k] = reviveStats(s) as Stats;
  if (stats.some((s) => s === undefined)) return "the shards do not cover every in-sample run";
  return { command: first.command, jobs: first.jobs, stats: stats as Stats[] };
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
