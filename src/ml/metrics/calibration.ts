export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  readonly meanPredicted: number;
  /** Observed share of label 1 in the bin (NaN when empty). */
  readonly observedRate: number;
}

/** Predictions grouped into equal-width probability bins: predicted vs observed. */
export function calibrationTable(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Float64Array(bins), sp = new Float64Array(bins), sy = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const k = Math.min(bins - 1, Math.max(0, Math.floor(p[i]! * bins)));
    count[k]! += 1;
    sp[k]! += p[i]!;
    sy[k]! += y[i]!;
  }
  return Array.from({ length: bins }, (_, k) => ({
    lower: k / bins,
    upper: (k + 1) / bins,
    count: count[k]!,
    meanPredicted: count[k] ? sp[k]! / count[k]! : NaN,
    observedRate: count[k] ? sy[k]! / count[k]! : NaN,
  }));
}
