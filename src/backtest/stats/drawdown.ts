/**
 * One drawdown episode: from a running peak down to its lowest point and back to the peak.
 * The statistics find the deepest and the longest in their first pass over the values
 * (series-passes.ts firstPass); charts draw the per-bar depth (drawdownSeries).
 */
export interface Drawdown {
  /** Depth as a positive fraction of the peak: 0.25 means equity fell 25% below its peak. */
  readonly depth: number;
  readonly peakTime: number;
  readonly troughTime: number;
  /** First bar at or above the peak again; null when still under water at the end. */
  readonly recoveryTime: number | null;
  /** Bars from the peak to the recovery (or to the last bar when not recovered). */
  readonly durationBars: number;
  /** Calendar days from the peak to the recovery (or to the last bar when not recovered). */
  readonly durationDays: number;
}

/**
 * Drawdown at every bar as a positive fraction (0 at a new peak), for charts. The running peak
 * starts at `base` (the starting capital), so a loss on the very first bar counts:
 * depth_t = 1 - value_t / peak_t.
 */
export function drawdownSeries(values: ArrayLike<number>, base: number): Float64Array {
  const n = values.length;
  const series = new Float64Array(n);
  let peak = base;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= peak) {
      peak = v;
      series[i] = 0;
    } else series[i] = 1 - v / peak;
  }
  return series;
}
