/**
 * Which points survive downsampling to about 2 x buckets points: the first and the last, and in
 * each of `buckets` equal runs of consecutive points its lowest and its highest, so peaks,
 * troughs, spikes and crashes stay visible at any length. 1 = keep.
 */
export function extremaMask(values: ArrayLike<number>, buckets: number): Uint8Array {
  const n = values.length;
  const keep = new Uint8Array(n);
  if (n === 0) return keep;
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    if (from < to) {
      keep[lo] = 1;
      keep[hi] = 1;
    }
  }
  return keep;
}
