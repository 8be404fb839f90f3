import { averageRanks } from "./ranks.ts";

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) formula, ties counted half.
 * NaN when one class is absent (the AUC is undefined, not 0.5).
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const ranks = averageRanks(score);
  let pos = 0, sumPos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      pos++;
      sumPos += ranks[i]!;
    }
  }
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (sumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean negative log likelihood, probabilities clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length ? s / y.length : NaN;
}

export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return y.length ? s / y.length : NaN;
}

/** Share of label 1. */
export function baseRate(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] === 1 ? 1 : 0;
  return y.length ? s / y.length : NaN;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): Confusion {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const hit = p[i]! >= threshold;
    if (y[i] === 1) hit ? tp++ : fn++;
    else hit ? fp++ : tn++;
  }
  return { tp, fp, tn, fn };
}

export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  return y.length ? (c.tp + c.tn) / y.length : NaN;
}

/** Mean of the true-positive and true-negative rates (0.5 for any constant guess). */
export function balancedAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  const c = confusion(y, p, threshold);
  const tpr = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : NaN;
  const tnr = c.tn + c.fp > 0 ? c.tn / (c.tn + c.fp) : NaN;
  return (tpr + tnr) / 2;
}

/** ROC curve points (false-positive rate, true-positive rate), one per distinct score. */
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>): { fpr: number[]; tpr: number[] } {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  const neg = y.length - pos;
  const fpr = [0], tpr = [0];
  let tp = 0, fp = 0;
  for (let k = 0; k < idx.length; k++) {
    if (y[idx[k]!] === 1) tp++;
    else fp++;
    if (k + 1 === idx.length || score[idx[k + 1]!] !== score[idx[k]!]) {
      fpr.push(neg ? fp / neg : 0);
      tpr.push(pos ? tp / pos : 0);
    }
  }
  return { fpr, tpr };
}
