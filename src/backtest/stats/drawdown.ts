const DAY_MS = 86_400_000;

/** One drawdown episode: from a running peak down to its lowest point and back to the peak. */
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

export interface DrawdownSummary {
  /** The deepest episode; null when equity never fell below a previous peak. */
  readonly max: Drawdown | null;
  /** The longest episode (peak to recovery, or to the end); null when there was none. */
  readonly longest: Drawdown | null;
  /** Drawdown at every bar as a positive fraction (0 at a new peak): for charts; empty unless asked for. */
  readonly series: Float64Array;
}

/**
 * Drawdowns of a value series. The running peak starts at `base` (the starting capital), dated
 * at the first bar, so a loss on the very first bar counts. depth_t = 1 - value_t / peak_t.
 */
export function drawdowns(times: ArrayLike<number>, values: ArrayLike<number>, base: number, withSeries = true): DrawdownSummary {
  const n = values.length;
  // Statistics need only the episodes: the per-bar series is for charts.
  const series = new Float64Array(withSeries ? n : 0);
  let max: Drawdown | null = null;
  let longest: Drawdown | null = null;
  let peak = base;
  let peakIndex = 0;
  let troughIndex = -1; // -1: at a peak, no episode open
  let troughDepth = 0;

  const close = (endIndex: number, recovered: boolean) => {
    const endTime = times[endIndex]!;
    const episode: Drawdown = {
      depth: troughDepth,
      peakTime: times[peakIndex]!,
      troughTime: times[troughIndex]!,
      recoveryTime: recovered ? endTime : null,
      durationBars: endIndex - peakIndex,
      durationDays: (endTime - times[peakIndex]!) / DAY_MS,
    };
    if (max === null || episode.depth > max.depth) max = episode;
    if (longest === null || episode.durationBars > longest.durationBars) longest = episode;
  };

  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= peak) {
      if (troughIndex >= 0) close(i, true);
      troughIndex = -1;
      troughDepth = 0;
      peak = v;
      peakIndex = i; // the latest bar at the high: an episode starts where the fall starts
      if (withSeries) series[i] = 0;
      continue;
    }
    const depth = 1 - v / peak;
    if (withSeries) series[i] = depth;
    if (troughIndex < 0 || depth > troughDepth) {
      troughIndex = i;
      troughDepth = depth;
    }
  }
  if (troughIndex >= 0) close(n - 1, false);
  return { max, longest, series };
}
