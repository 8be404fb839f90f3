/**
 * Splitting a sweep of independent jobs over machines (`--shard I/N`) and putting the parts back
 * together (`robotrader merge`): the part file's shape and its checks, shared by walk-forward
 * grids, per-symbol backtest batches (`backtest --each`) and `train` searches (docs/performance.md).
 */

/** Shard `index` of `count` (0-based): it runs the jobs whose number % count == index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What one shard writes: its jobs' results by job number, and what run they belong to. */
export interface ShardPart {
  /** Which sweep made it, e.g. "robotrader-walk-forward-shard". */
  readonly kind: string;
  readonly version: 1;
  readonly shard: Shard;
  /** Jobs of the whole run (all shards). */
  readonly jobs: number;
  /** The command that made it (without its --shard flags): every part of one run has the same. */
  readonly command: readonly string[];
  /** A digest of the run's input data where the sweep has one: every part and the merge must agree. */
  readonly data?: string;
  /** [job number, result] for this shard's jobs, as JSON. */
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

/** The job numbers (of `jobs`) that `shard` runs; every job when there is no shard. */
export function shardJobs(jobs: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let k = 0; k < jobs; k++) if (shard === undefined || k % shard.count === shard.index) out.push(k);
  return out;
}

/**
 * Every job's result from the parts of one run, checked: one kind, one command, one shard count,
 * each part once, every job covered. `what` names the sweep in messages. A string says what is wrong.
 */
export function mergeParts(parts: readonly ShardPart[], kind: string, what: string): { command: readonly string[]; jobs: number; data: string | undefined; results: unknown[] } | string {
  if (parts.length === 0) return "no shard files given";
  const first = parts[0]!;
  const key = JSON.stringify(first.command);
  const seen = new Set<number>();
  for (const p of parts) {
    if (p.kind !== kind || p.version !== 1) return `not a robotrader ${what} shard file`;
    if (JSON.stringify(p.command) !== key) return `shards of different runs: '${first.command.join(" ")}' and '${p.command.join(" ")}'`;
    if (p.shard.count !== first.shard.count || p.jobs !== first.jobs) return `shards of different splits: ${first.shard.count} parts and ${p.shard.count}`;
    if (p.data !== first.data) return "shards of different data: the parts were run on different bars or features";
    if (seen.has(p.shard.index)) return `shard ${p.shard.index}/${p.shard.count} given twice`;
    seen.add(p.shard.index);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) return `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${first.shard.count}`).join(", ")}`;
  const results: unknown[] = new Array(first.jobs);
  for (const p of parts) for (const [k, r] of p.results) results[k] = r;
  for (let k = 0; k < first.jobs; k++) if (results[k] === undefined) return `the shards do not cover every ${what} job`;
  return { command: first.command, jobs: first.jobs, data: first.data, results };
}
