/** TA-Lib's TRUE_RANGE: the largest of high-low, |high-prevClose|, |low-prevClose|. */
export function trueRange(high: number, low: number, prevClose: number): number {
  let out = high - low;
  const a = Math.abs(high - prevClose);
  if (a > out) out = a;
  const b = Math.abs(low - prevClose);
  if (b > out) out = b;
  return out;
}

/** TA-Lib's TA_IS_ZERO: |v| < 1e-14. */
export function isZero(v: number): boolean {
  return -1e-14 < v && v < 1e-14;
}

/** TA-Lib's TA_IS_ZERO_OR_NEG: v < 1e-14. */
export function isZeroOrNeg(v: number): boolean {
  return v < 1e-14;
}
