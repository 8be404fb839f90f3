// Reads a CSV file of bars into shared columns on its own thread, publishing how many bars are
// settled as it goes (csv-stream.ts follows them). Shipped in the binary as an extra entrypoint
// (scripts/build.ts).
import { keepOffTopTier } from "../os/jit-tiers.ts";
import { PlainRows } from "./plain-rows.ts";
import { readBarsCsvFile } from "./bars-csv-file.ts";
import { releasePages } from "../os/huge-pages.ts";
import { sharedColumns, type SharedColumns } from "./shared-columns.ts";
import { COUNT, ENDED, EXPECTED, STATE, VERSION, type StreamDone, type StreamRelease, type StreamRequest } from "./csv-stream-protocol.ts";

declare const self: Worker;

// The read stays ahead of the run following it in its first tiers: compiling its loops in the
// top tier (the FTL, on a background thread: 150-350 ms of CPU for the two) only took a core from that run.
keepOffTopTier(PlainRows.loops());

/**
 * Room over the reader's estimate of the rows (from the first 64 KB's line length). A file with
 * more rows grows its columns as always (BarsCsvScanner), and a run that followed the shared
 * ones stops there and is made again from the whole columns.
 */
const SPARE = 1.25;

/** The buffer of the columns this worker made (a release names parts of it). */
let buffer: SharedArrayBuffer | undefined;

self.onmessage = (event: MessageEvent<StreamRequest | StreamRelease>) => {
  const m = event.data;
  if (m.kind === "release") {
    if (buffer !== undefined) for (const [offset, bytes] of m.parts) releasePages(new Float64Array(buffer, offset, bytes / 8));
    return;
  }
  read(m);
};

function read({ file, options, control }: StreamRequest): void {
  const ctl = new Int32Array(control);
  const publish = (count: number, ended: boolean) => {
    if (count >= 0) Atomics.store(ctl, COUNT, count);
    if (ended) Atomics.store(ctl, STATE, ENDED);
    Atomics.add(ctl, VERSION, 1);
    Atomics.notify(ctl, VERSION);
  };
  let shared: SharedColumns | undefined;
  let made = 0;
  let done: StreamDone;
  let transfer: ArrayBuffer[] = [];
  try {
    // BarColumnsBuilder asks for its six columns in turn: all six are made at the first ask.
    const columns = (n: number, sure: number): Float64Array => {
      shared ??= sharedColumns(Math.ceil(n * SPARE) + 1024, sure);
      buffer = shared.buffer;
      const array = shared.columns[made++]!;
      if (made === 6) {
        Atomics.store(ctl, EXPECTED, n);
        const { offsets, capacity, equityOffset, flagsOffset } = shared;
        self.postMessage({ kind: "columns", buffer: shared.buffer, offsets, capacity, equityOffset, flagsOffset });
      }
      return array;
    };
    let last = 0;
    const result = readBarsCsvFile(file, options, undefined, {
      columns,
      fed: (scanner) => {
        const settled = scanner.settled;
        if (settled < 0) publish(-1, true);
        else if (settled !== last) publish((last = settled), false);
      },
    });
    if (!result.ok) done = { kind: "problems", problems: result.problems };
    else {
      const bars = result.bars;
      const inPlace = shared !== undefined && bars.time.buffer === shared.buffer;
      done = { kind: "bars", count: bars.time.length, newestFirst: result.newestFirst, skipped: result.skipped, ...(inPlace ? {} : { bars }) };
      if (!inPlace) transfer = [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume].map((a) => a.buffer as ArrayBuffer);
    }
  } catch (error) {
    done = { kind: "error", message: (error as Error).message };
  } finally {
    publish(-1, true);
  }
  self.postMessage(done, transfer);
  // Bars read in place stay the run's (shared: this thread's hold on them frees nothing). Else its
  // hold on the shared columns ends with this frame: collected once it is gone, so the columns the
  // reader stopped using are freed (terminating the worker from there waits 5-15 ms for it). The
  // collection costs this thread ~4-8 ms of CPU while the run still needs the cores.
  if (done.kind !== "bars" || done.bars !== undefined) {
    buffer = undefined;
    setTimeout(() => Bun.gc(true), 0);
  }
}
