export interface RollingSeries {
  /** Bars per window. */
  readonly window: number;
  readonly time: readonly number[];
  /** Annualized Sharpe of the window's per-bar returns over the risk-free rate; null until full. */
  readonly sharpe: readonly (number | null)[];
  /** Annualized volatility of the window's per-bar returns; null until full. */
  readonly volatility: readonly (number | null)[];
  /** Drawdown from the running peak (0 .. 1, all history), at every bar. */
  readonly drawdown: readonly number[];
}

export interface RollingOptions {
  readonly window: number;
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
}

/** Rolling Sharpe and volatility over `window` bars and the drawdown curve, from equity at each close. */
export function rollingSeries(time: ArrayLike<number>, equity: ArrayLike<number>, options: RollingOptions): RollingSeries {
  return rollingAt(time, equity, options, () => true);
}

/**
 * thinRolling(rollingSeries(...), maxPoints) without the series at every bar: the same running
 * sums over every bar, but only the points kept are stored (--json of a million bars keeps 500).
 */
export function thinRollingSeries(time: ArrayLike<number>, equity: ArrayLike<number>, options: RollingOptions, maxPoints: number): RollingSeries {
  const n = equity.length;
  if (n <= maxPoints) return rollingSeries(time, equity, options);
  const step = Math.ceil(n / maxPoints);
  return rollingAt(time, equity, options, (i) => i % step === 0 || i === n - 1);
}

function rollingAt(time: ArrayLike<number>, equity: ArrayLike<number>, options: RollingOptions, keep: (i: number) => boolean): RollingSeries {
  const { window, barsPerYear } = options;
  const rf = Math.pow(1 + options.riskFreeRate, 1 / barsPerYear) - 1;
  const n = equity.length;
  const times: number[] = [];
  const sharpe: (number | null)[] = [];
  const volatility: (number | null)[] = [];
  const drawdown: number[] = [];
  // The return leaving the window is worked out again from the equity (the same double): no array of n returns.
  const ret = (i: number) => (i === 0 || !(equity[i - 1]! > 0) ? 0 : equity[i]! / equity[i - 1]! - 1 - rf);
  let sum = 0;
  let sumSq = 0;
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    peak = Math.max(peak, e);
    const kept = keep(i);
    if (kept) {
      times.push(time[i]!);
      drawdown.push(peak > 0 ? 1 - e / peak : 0);
    }
    if (i >= 1) {
      const r = ret(i);
      sum += r;
      sumSq += r ** 2;
    }
    if (i > window) {
      const r = ret(i - window);
      sum -= r;
      sumSq -= r ** 2;
    }
    if (!kept) continue;
    if (i < window) {
      sharpe.push(null);
      volatility.push(null);
      continue;
    }
    const mean = sum / window;
    const sd = Math.sqrt(Math.max(0, (sumSq - window * mean * mean) / (window - 1)));
    volatility.push(sd * Math.sqrt(barsPerYear));
    sharpe.push(sd > 1e-12 ? (mean / sd) * Math.sqrt(barsPerYear) : null);
  }
  return { window, time: times, sharpe, volatility, drawdown };
}

/** Every k-th point (and the last) so a long series stays small in JSON. */
export function thinRolling(series: RollingSeries, maxPoints: number): RollingSeries {
  const n = series.time.length;
  if (n <= maxPoints) return series;
  const step = Math.ceil(n / maxPoints);
  const keep = (i: number) => i % step === 0 || i === n - 1;
  const pick = <T>(xs: readonly T[]) => xs.filter((_, i) => keep(i));
  return { window: series.window, time: pick(series.time), sharpe: pick(series.sharpe), volatility: pick(series.volatility), drawdown: pick(series.drawdown) };
}
