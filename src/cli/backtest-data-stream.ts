import { existsSync, statSync } from "node:fs";
import { startCsvStream, type CsvStream } from "../adapters/csv/csv-stream.ts";
import { isParquetFile } from "../app/data/load-series.ts";
import { barSizeArg, timeZoneArg } from "./_series-args.ts";

/** Smaller files (~75k bars and fewer) are read in the command's own thread: a worker's start (~10 ms) would not pay. */
const STREAM_FROM_BYTES = 4 << 20;

/** The backtest flags that decide whether its --data file is read on a worker from the start. */
export interface DataStreamFlags {
  readonly data?: string | undefined;
  readonly "bar-size"?: string | undefined;
  readonly tz?: string | undefined;
  readonly each?: boolean | undefined;
  readonly shard?: string | undefined;
  readonly "merge-shards"?: string | undefined;
}

/**
 * A backtest of one large CSV file (--data, not --each, a shard or walk-forward) starts reading it on a
 * worker before anything else, so the read overlaps loading the command, its config and setup, and
 * then the run itself (BacktestRequest.csvStream). Anything unusual (a bad flag, a missing or
 * Parquet file) is left to the ordinary way, which says what is wrong in its order.
 */
export function startDataStream(args: DataStreamFlags, walkForward: boolean): CsvStream | undefined {
  const file = args.data?.trim();
  if (file === undefined || file === "" || file.includes(",") || args.each === true || walkForward) return undefined;
  if (args.shard !== undefined || args["merge-shards"] !== undefined) return undefined;
  try {
    const barSize = barSizeArg(args["bar-size"]);
    const timeZone = args.tz !== undefined ? timeZoneArg(args.tz) : undefined;
    if (!existsSync(file) || statSync(file).size < STREAM_FROM_BYTES || isParquetFile(file)) return undefined;
    return startCsvStream(file, { barSize, ...(timeZone ? { timeZone } : {}) });
  } catch {
    return undefined;
  }
}
