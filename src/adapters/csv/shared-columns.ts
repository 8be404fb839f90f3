// The six columns a CSV stream shares with the run following it (csv-stream-worker.ts), and the
// run's own two (its recorded equity and exposure flags), made in one SharedArrayBuffer.
import { adviseHugePages, HUGE_PAGE_BYTES, offsetToHugePage } from "../os/huge-pages.ts";

const COLUMNS = 6;
/** The six bar columns, then the run's equity: Float64Array columns of `capacity` each. */
const FLOAT_COLUMNS = COLUMNS + 1;
/** Columns this large are on huge pages where the system offers them. */
const HUGE_MIN_BYTES = 4 << 20;

export interface SharedColumns {
  readonly buffer: SharedArrayBuffer;
  /** Each column's byte offset in `buffer` (time, open, high, low, close, volume). */
  readonly offsets: readonly number[];
  /** Values per column. */
  readonly capacity: number;
  readonly columns: readonly Float64Array[];
  /** The byte offset of the run's equity column (`capacity` float64s) and of its exposure flags (`capacity` bytes). */
  readonly equityOffset: number;
  readonly flagsOffset: number;
}

/**
 * Six columns of `capacity` values, `sure` of them expected to be filled, in ONE buffer:
 * - JavaScriptCore counts a large buffer's bytes towards its next collection, and skips that
 *   collection when the buffer is most of what was allocated since the last one (it is likely
 *   alive). Six buffers of a sixth each are not: each thread that made or received them ran two
 *   collections for them (BUN_JSC_logGC=1), one buffer runs none.
 * - Each column starts on a 2 MiB boundary when large enough for huge pages, so its first values
 *   are on a huge page too, not on ~250 4 KiB pages (a page fault each) up to the boundary.
 * - The run that follows the stream records its equity and exposure into the same buffer (the
 *   stream hands them out with the columns): the main thread then allocates no large column of
 *   its own after receiving the buffer. Its allocation of one (the recorder's 10.5 MB for 1M bars)
 *   was small beside the received buffer, so JavaScriptCore collected there, before the first bar,
 *   waiting for its compiler threads (docs/performance.md, "start3").
 * The bytes past a column's `capacity` values up to the next one are never touched (no memory).
 */
export function sharedColumns(capacity: number, sure: number): SharedColumns {
  const bytes = capacity * 8;
  const huge = sure * 8 >= HUGE_MIN_BYTES;
  // The alignment is known only once the buffer is: room for one huge page more.
  const stride = huge ? Math.ceil(bytes / HUGE_PAGE_BYTES) * HUGE_PAGE_BYTES : bytes;
  const flagBytes = Math.ceil(capacity / 8) * 8;
  const buffer = new SharedArrayBuffer(FLOAT_COLUMNS * stride + flagBytes + (huge ? HUGE_PAGE_BYTES : 0));
  const toHuge = huge ? (offsetToHugePage(new Float64Array(buffer, 0, 1)) ?? 0) : 0;
  const start = toHuge % 8 === 0 ? toHuge : 0;
  const offsets: number[] = [];
  const columns: Float64Array[] = [];
  for (let k = 0; k < COLUMNS; k++) {
    const offset = start + k * stride;
    const column = new Float64Array(buffer, offset, capacity);
    if (huge) adviseHugePages(column, sure * 8);
    offsets.push(offset);
    columns.push(column);
  }
  const equityOffset = start + COLUMNS * stride;
  if (huge) adviseHugePages(new Float64Array(buffer, equityOffset, capacity), sure * 8);
  return { buffer, offsets, capacity, columns, equityOffset, flagsOffset: equityOffset + stride };
}
