import { averageRanks } from "./ranks.ts";

/** Spearman rank correlation of a score with the forward return it should predict. */
export function informationCoefficient(score: ArrayLike<number>, forwardReturn: ArrayLike<number>): number {
  const n = score.length;
  if (n !== forwardReturn.length) throw new RangeError(`score has ${n} values, returns ${forwardReturn.length}`);
  if (n < 2) return NaN;
  const a = averageRanks(score), b = averageRanks(forwardReturn);
  const mean = (n + 1) / 2;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - mean, db = b[i]! - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
