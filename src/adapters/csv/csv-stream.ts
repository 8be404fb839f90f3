import type { BarArrays } from "../../core/bar.ts";
import { workerEntry } from "../../core/worker-entry.ts";
import type { BarsCsvOptions } from "./bars-csv-scan.ts";
import type { CsvProblem } from "./bars-csv-row.ts";
import { releasePages } from "../os/huge-pages.ts";
import { CONTROL_WORDS, COUNT, EXPECTED, STATE, VERSION, type StreamColumns, type StreamDone, type StreamRelease } from "./csv-stream-protocol.ts";

/** The whole file's result (readBarsCsvFile's, without line numbers), or the error reading it threw. */
export type StreamResult =
  | { readonly ok: true; readonly bars: BarArrays; readonly newestFirst: boolean; readonly skipped: readonly number[]; readonly inPlace: boolean }
  | { readonly ok: false; readonly problems: readonly CsvProblem[] }
  | { readonly ok: false; readonly error: string };

/**
 * A CSV file of bars read on a worker thread (csv-stream-worker.ts) into shared columns, while
 * this thread does other work or reads the bars already settled (a bar is settled when every row
 * up to it was sound and in rising time: if the file turns out right, it is in the result there).
 */
export interface CsvStream {
  readonly file: string;
  readonly options: BarsCsvOptions;
  /** The six columns, capacity-long, as they fill; null when the worker made none (an empty or bad file, a read error). */
  columns(): Promise<BarArrays | null>;
  /**
   * The run's equity column and exposure flags, capacity-long, in the columns' buffer (for the
   * recorder of a run over them: shared-columns.ts); undefined before the columns.
   */
  readonly recorder: { readonly equity: Float64Array; readonly exposure: Uint8Array } | undefined;
  /**
   * Gives back the pages of columns no later phase reads: those in the shared buffer on the
   * worker's thread (asynchronously, while this one goes on), any other here.
   */
  release(columns: readonly Float64Array[]): void;
  /** Blocks until at least `n` bars are settled or no more will be; how many are. */
  waitFor(n: number): number;
  /** The reader's estimate of the rows (0 before the columns). */
  readonly expected: number;
  /** The whole file's result, as readBarsCsvFile gives it (the same columns, checks and messages). */
  result(): Promise<StreamResult>;
  /** Drops this side's hold on the columns (the caller keeps what it reads); a worker still reading is terminated. */
  close(): void;
}

/** Starts reading `file` on a worker; undefined when no worker could be started (read it here, as before). */
export function startCsvStream(file: string, options: BarsCsvOptions): CsvStream | undefined {
  let worker: Worker & { ref(): void; unref(): void };
  try {
    // Bun's Worker has ref/unref (its global type here is the DOM's).
    worker = new Worker(workerEntry("adapters/csv/csv-stream-worker.ts")) as Worker & { ref(): void; unref(): void };
  } catch {
    return undefined;
  }
  // The worker keeps the process alive only while this thread waits for one of its messages.
  worker.unref();
  const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
  const ctl = new Int32Array(control);
  let shared: BarArrays | null | undefined;
  let buffer: SharedArrayBuffer | undefined;
  let recorder: { readonly equity: Float64Array; readonly exposure: Uint8Array } | undefined;
  let done: StreamDone | undefined;
  const waiting: (() => void)[] = [];
  const settle = () => {
    for (const w of waiting.splice(0)) w();
  };
  const until = async (ready: () => boolean) => {
    if (ready()) return;
    worker.ref();
    try {
      while (!ready()) await new Promise<void>((resolve) => waiting.push(resolve));
    } finally {
      worker.unref();
    }
  };
  worker.onmessage = (event: MessageEvent<StreamColumns | StreamDone>) => {
    const m = event.data;
    if (m.kind === "columns") {
      const [time, open, high, low, close, volume] = m.offsets.map((offset) => new Float64Array(m.buffer, offset, m.capacity));
      shared = { time: time!, open: open!, high: high!, low: low!, close: close!, volume: volume! };
      buffer = m.buffer;
      recorder = { equity: new Float64Array(m.buffer, m.equityOffset, m.capacity), exposure: new Uint8Array(m.buffer, m.flagsOffset, m.capacity) };
    } else {
      shared ??= null;
      done = m;
    }
    settle();
  };
  worker.onerror = (event) => {
    shared ??= null;
    done ??= { kind: "error", message: event.message };
    Atomics.store(ctl, STATE, 1);
    settle();
  };
  worker.postMessage({ file, options, control });
  return {
    file,
    options,
    async columns() {
      await until(() => shared !== undefined);
      return shared ?? null;
    },
    waitFor(n) {
      for (;;) {
        const version = Atomics.load(ctl, VERSION);
        const count = Atomics.load(ctl, COUNT);
        if (count >= n || Atomics.load(ctl, STATE) !== 0) return count;
        Atomics.wait(ctl, VERSION, version);
      }
    },
    get expected() {
      return Atomics.load(ctl, EXPECTED);
    },
    get recorder() {
      return recorder;
    },
    release(columns) {
      const parts: [number, number][] = [];
      for (const column of columns) {
        if (buffer !== undefined && column.buffer === buffer) parts.push([column.byteOffset, column.byteLength]);
        else releasePages(column);
      }
      if (parts.length > 0) worker.postMessage({ kind: "release", parts } satisfies StreamRelease);
    },
    async result() {
      await until(() => done !== undefined);
      const d = done!;
      if (d.kind === "problems") return { ok: false, problems: d.problems };
      if (d.kind === "error") return { ok: false, error: d.message };
      const cut = (a: Float64Array) => a.subarray(0, d.count);
      const bars = d.bars ?? (shared ? { time: cut(shared.time), open: cut(shared.open), high: cut(shared.high), low: cut(shared.low), close: cut(shared.close), volume: cut(shared.volume) } : undefined);
      if (!bars) return { ok: false, error: "the reader's columns are missing" };
      return { ok: true, bars, newestFirst: d.newestFirst, skipped: d.skipped, inPlace: d.bars === undefined };
    },
    close() {
      // A worker that said its result lets go of the columns itself; terminating it waits for it (5-15 ms).
      if (done === undefined) worker.terminate();
      shared = null;
      recorder = undefined;
    },
  };
}
