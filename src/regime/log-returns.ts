/**
 * Daily log returns ln(c_t / c_t-1), unscaled. Return i belongs to bar i + 1 (the bar whose
 * close completes it), so a series of n closes gives n - 1 returns.
 */
export function logReturns(closes: ArrayLike<number>): Float64Array {
  const n = Math.max(0, closes.length - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.log(closes[i + 1]! / closes[i]!);
  return out;
}
