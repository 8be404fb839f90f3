import { firstAtOrAfter } from "../core/sorted-search.ts";

/**
 * The sorted, distinct union of ascending time columns (from `fromTime` on), merged pairwise in a
 * balanced tree: O(n log m) and linear when the columns share their times, where copying every
 * time into one array and sorting it cost ~100 ms at 500 x 5,000. Every column must be
 * non-decreasing (see isAscending); the result is a new array unless there is one column.
 */
export function sortedUnion(columns: readonly ArrayLike<number>[], fromTime = Number.NEGATIVE_INFINITY): Float64Array {
  if (columns.length === 0) return new Float64Array(0);
  return unionOf(columns, 0, columns.length, fromTime);
}

/** Whether every value is >= the one before it (false on NaN). */
export function isAscending(column: ArrayLike<number>): boolean {
  for (let i = 1; i < column.length; i++) if (!(column[i]! >= column[i - 1]!)) return false;
  return column.length === 0 || column[0] === column[0];
}

function unionOf(columns: readonly ArrayLike<number>[], lo: number, hi: number, fromTime: number): Float64Array {
  if (hi - lo === 1) {
    const c = columns[lo]!;
    const from = firstAtOrAfter(c, fromTime);
    return c instanceof Float64Array ? c.subarray(from) : Float64Array.from(Array.prototype.slice.call(c, from) as number[]);
  }
  const mid = (lo + hi) >>> 1;
  return mergeDistinct(unionOf(columns, lo, mid, fromTime), unionOf(columns, mid, hi, fromTime));
}

/** Merge of two non-decreasing arrays, each value once; `a` itself when it holds all of `b` and has no repeats. */
function mergeDistinct(a: Float64Array, b: Float64Array): Float64Array {
  if (covers(a, b)) return a;
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (k === 0 || out[k - 1] !== v) out[k++] = v;
  }
  return k === out.length ? out : out.slice(0, k);
}

/** Whether strictly increasing `a` holds every value of non-decreasing `b` (no allocation: the usual case, symbols on one calendar). */
function covers(a: Float64Array, b: Float64Array): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j++) {
    const v = b[j]!;
    while (i < a.length && a[i]! < v) i++;
    if (i === a.length || a[i] !== v) return false;
  }
  for (let k = 1; k < a.length; k++) if (!(a[k]! > a[k - 1]!)) return false;
  return true;
}
