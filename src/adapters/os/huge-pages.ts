/**
 * Large fresh columns backed by 2 MiB pages where Linux offers them (transparent huge pages in
 * `madvise` mode, the default of most distributions).
 *
 * A fresh 4 KiB page costs a fault on its first write: ~3 ms of CPU per MB on a virtual machine
 * here (the six columns of 1M bars, 48 MB, took ~140 ms before one value was parsed). With
 * MADV_HUGEPAGE the same memory faults once per 2 MiB. The advice changes no byte: it only
 * says which page size to use, so anything that fails (another OS, no glibc, THP disabled)
 * leaves the ordinary pages. ROBOTRADER_HUGE_PAGES=0 turns it off.
 */
const MADV_HUGEPAGE = 14;
const HUGE = 2 << 20;

interface Libc {
  readonly pointer: (array: Float64Array) => number;
  readonly madvise: (address: number, length: number, advice: number) => number;
}
let libc: Libc | null | undefined;

// bun:ffi is loaded with the first column large enough to advise (a short run has none): ~1 ms.
function loadLibc(): Libc | null {
  if (process.platform !== "linux" || process.env.ROBOTRADER_HUGE_PAGES === "0") return null;
  try {
    const { dlopen, FFIType, ptr } = require("bun:ffi") as typeof import("bun:ffi");
    const lib = dlopen("libc.so.6", { madvise: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 } });
    return { pointer: (array) => ptr(array), madvise: (address, length, advice) => lib.symbols.madvise(address, length, advice) };
  } catch {
    return null;
  }
}

/**
 * A zeroed Float64Array of n values, with the first `expected` values (default all) on huge
 * pages where the system allows. Only the whole 2 MiB pages inside those values are advised, so
 * a capacity the caller may not fill never makes a huge page resident for a few values.
 */
export function largeFloat64Array(n: number, expected = n): Float64Array {
  const array = new Float64Array(n);
  if (Math.min(n, expected) * 8 >= 2 * HUGE) adviseHugePages(array, Math.min(n, expected) * 8);
  return array;
}

/** Advises huge pages for the whole 2 MiB pages in array's first `bytes`; false when it could not. */
export function adviseHugePages(array: Float64Array, bytes = array.byteLength): boolean {
  if (libc === undefined) libc = loadLibc();
  if (libc === null) return false;
  const at = libc.pointer(array);
  const start = Math.ceil(at / HUGE) * HUGE;
  const end = Math.floor((at + bytes) / HUGE) * HUGE;
  if (end <= start) return false;
  return libc.madvise(start, end - start, MADV_HUGEPAGE) === 0;
}

/**
 * Bytes from the start of `array` to the next 2 MiB boundary (0 when it starts on one), or
 * undefined where huge pages are not used: a caller that places large columns at such offsets
 * gets them on huge pages from their first value (an unaligned start is on 4 KiB pages up to the
 * boundary: a page fault per 4 KiB).
 */
export function offsetToHugePage(array: Float64Array): number | undefined {
  if (libc === undefined) libc = loadLibc();
  if (libc === null) return undefined;
  const at = libc.pointer(array);
  return (HUGE - (at % HUGE)) % HUGE;
}

/** The size of a huge page (2 MiB). */
export const HUGE_PAGE_BYTES = HUGE;

const MADV_DONTNEED = 4;
const PAGE = 4096;

/**
 * Gives the memory of a column nothing will read again back to the system now (madvise
 * MADV_DONTNEED over the whole pages inside it; they read as zeros after). For shared columns
 * (SharedArrayBuffer), whose memory the allocator keeps resident after they are collected
 * (csv-stream.ts). False when it could not (the memory is then freed as usual).
 */
export function releasePages(array: Float64Array): boolean {
  if (libc === undefined) libc = loadLibc();
  if (libc === null || array.byteLength < 16 * PAGE) return false;
  const at = libc.pointer(array);
  const start = Math.ceil(at / PAGE) * PAGE;
  const end = Math.floor((at + array.byteLength) / PAGE) * PAGE;
  if (end <= start) return false;
  return libc.madvise(start, end - start, MADV_DONTNEED) === 0;
}
