export interface StateStats {
  readonly label: string;
  /** Mean and standard deviation of daily log returns ln(c_t / c_t-1), unscaled. */
  readonly mean: number;
  readonly sigma: number;
  readonly annualizedMean: number;
  readonly annualizedSigma: number;
  readonly expectedDurationBars: number;
  /** Returns (bars) classified in this state, and their share of all classified ones. */
  readonly bars: number;
  readonly share: number;
}

/** Sample mean and sd of the returns classified in each state (-1 = unknown, skipped). */
export function stateStats(returns: ArrayLike<number>, states: ArrayLike<number>, labels: readonly string[], barsPerYear: number): StateStats[] {
  const k = labels.length;
  const n = new Float64Array(k);
  const sum = new Float64Array(k);
  const sumSq = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < returns.length; i++) {
    const s = states[i]!;
    if (s < 0) continue;
    total++;
    n[s]!++;
    sum[s]! += returns[i]!;
    sumSq[s]! += returns[i]! ** 2;
  }
  return labels.map((label, j) => {
    const count = n[j]!;
    const mean = count > 0 ? sum[j]! / count : NaN;
    const sigma = count > 1 ? Math.sqrt(Math.max(0, (sumSq[j]! - count * mean * mean) / (count - 1))) : NaN;
    return {
      label,
      mean,
      sigma,
      annualizedMean: mean * barsPerYear,
      annualizedSigma: sigma * Math.sqrt(barsPerYear),
      expectedDurationBars: NaN,
      bars: count,
      share: total > 0 ? count / total : NaN,
    };
  });
}
