export interface BenchmarkRelative {
  readonly symbol: string;
  /** Jensen's alpha, annualized: mean excess return not explained by beta. */
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly correlation: number | null;
  /** Annualized standard deviation of (portfolio - benchmark) per-bar returns. */
  readonly trackingError: number | null;
  /** Annualized mean active return over the tracking error. */
  readonly informationRatio: number | null;
  /** Bars where both returns were known. */
  readonly bars: number;
}

/**
 * Portfolio against a benchmark's closes (aligned by time: the benchmark's last close at or
 * before each equity time), per-bar simple returns in excess of the risk-free rate.
 */
export function benchmarkRelative(input: {
  readonly symbol: string;
  readonly time: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
  readonly benchmarkTime: ArrayLike<number>;
  readonly benchmarkClose: ArrayLike<number>;
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
}): BenchmarkRelative {
  const rf = Math.pow(1 + input.riskFreeRate, 1 / input.barsPerYear) - 1;
  const bench = alignedCloses(input.time, input.benchmarkTime, input.benchmarkClose);
  const p: number[] = [];
  const b: number[] = [];
  for (let i = 1; i < input.equity.length; i++) {
    const e0 = input.equity[i - 1]!;
    const b0 = bench[i - 1]!;
    const b1 = bench[i]!;
    if (!(e0 > 0) || !(b0 > 0) || !(b1 > 0)) continue;
    p.push(input.equity[i]! / e0 - 1 - rf);
    b.push(b1 / b0 - 1 - rf);
  }
  const n = p.length;
  const none = { symbol: input.symbol, alpha: null, beta: null, correlation: null, trackingError: null, informationRatio: null, bars: n };
  if (n < 3) return none;
  const mp = mean(p);
  const mb = mean(b);
  let cov = 0;
  let vb = 0;
  let vp = 0;
  for (let i = 0; i < n; i++) {
    cov += (p[i]! - mp) * (b[i]! - mb);
    vb += (b[i]! - mb) ** 2;
    vp += (p[i]! - mp) ** 2;
  }
  const active = p.map((x, i) => x - b[i]!);
  const ma = mean(active);
  const te = Math.sqrt(active.reduce((s, x) => s + (x - ma) ** 2, 0) / (n - 1)) * Math.sqrt(input.barsPerYear);
  const beta = vb > 0 ? cov / vb : null;
  return {
    symbol: input.symbol,
    beta,
    alpha: beta === null ? null : (mp - beta * mb) * input.barsPerYear,
    correlation: vb > 0 && vp > 0 ? cov / Math.sqrt(vb * vp) : null,
    trackingError: te,
    informationRatio: te > 0 ? (ma * input.barsPerYear) / te : null,
    bars: n,
  };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The benchmark close at or before each time (NaN before its first bar). */
function alignedCloses(times: ArrayLike<number>, bTime: ArrayLike<number>, bClose: ArrayLike<number>): Float64Array {
  const out = new Float64Array(times.length).fill(NaN);
  let j = -1;
  for (let i = 0; i < times.length; i++) {
    while (j + 1 < bTime.length && bTime[j + 1]! <= times[i]!) j++;
    if (j >= 0) out[i] = bClose[j]!;
  }
  return out;
}
