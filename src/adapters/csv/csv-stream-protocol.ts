import type { BarArrays } from "../../core/bar.ts";
import type { BarsCsvOptions } from "./bars-csv-scan.ts";
import type { CsvProblem } from "./bars-csv-row.ts";

// What csv-stream.ts and its worker (csv-stream-worker.ts) say to each other.

/** Slots of the shared control words (Int32Array). */
export const COUNT = 0;
export const STATE = 1;
/** Bumped at every change of COUNT or STATE: what a waiting reader sleeps on. */
export const VERSION = 2;
/** The reader's estimate of the file's rows (progress, huge pages of the equity). */
export const EXPECTED = 3;
export const CONTROL_WORDS = 4;
/** STATE: no more bars will be settled (the file is read, failed, or a row made the rest uncertain). */
export const ENDED = 1;

export interface StreamRequest {
  readonly kind?: undefined;
  readonly file: string;
  readonly options: BarsCsvOptions;
  readonly control: SharedArrayBuffer;
}

/** The worker's last message: as readBarsCsvFile's result, or the error it threw. */
export type StreamDone =
  | { readonly kind: "problems"; readonly problems: CsvProblem[] }
  | { readonly kind: "error"; readonly message: string }
  | {
      readonly kind: "bars";
      readonly count: number;
      readonly newestFirst: boolean;
      readonly skipped: number[];
      /** Absent: the bars are the shared columns' first `count` values (oldest first). */
      readonly bars?: BarArrays;
    };

/** The worker's first message once the header is read: the six shared columns (time, open, high, low, close, volume) in one buffer. */
export interface StreamColumns {
  readonly kind: "columns";
  readonly buffer: SharedArrayBuffer;
  /** Each column's byte offset in `buffer`, in that order. */
  readonly offsets: readonly number[];
  /** Values per column. */
  readonly capacity: number;
  /** The run's equity column (`capacity` float64s) and exposure flags (`capacity` bytes) in the same buffer. */
  readonly equityOffset: number;
  readonly flagsOffset: number;
}

/**
 * To the worker once the run is over: give back the pages of these parts of the shared buffer
 * (columns no later phase reads), on its thread while the main thread scores the run.
 */
export interface StreamRelease {
  readonly kind: "release";
  /** [byte offset, byte length] of each part. */
  readonly parts: readonly (readonly [number, number])[];
}
