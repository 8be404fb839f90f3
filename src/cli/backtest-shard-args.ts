/** The backtest command's sharding flags (docs/performance.md). */
export const SHARD_ARGS = {
  shard: { type: "string", description: "Walk-forward or --each: run only part I of N (from 0) of the in-sample backtests (or symbols) and write them for robotrader merge, e.g. --shard $JOB_COMPLETION_INDEX/8" },
  "shard-out": { type: "string", description: "File for --shard's partial result (default shard-I-of-N.json)" },
  "merge-shards": { type: "string", description: "Shard files to take the in-sample results from (what robotrader merge passes)" },
} as const;
