import type { Drawdown } from "./drawdown.ts";
import { firstPass, secondPass, type ScaledValues } from "./series-passes.ts";

/** Return and risk figures of one value series (a strategy's equity or a buy-and-hold benchmark). */
export interface SeriesStats {
  readonly start: number | null;
  readonly end: number | null;
  readonly bars: number;
  /** bars / barsPerYear: the period CAGR and turnover are annualized over. */
  readonly years: number;
  readonly startValue: number;
  readonly endValue: number | null;
  /** endValue / startValue - 1. */
  readonly totalReturn: number | null;
  /** (1 + totalReturn)^(1 / years) - 1; null for an empty series or a total loss. */
  readonly cagr: number | null;
  /** Sample standard deviation of per-bar returns x sqrt(barsPerYear); null with < 2 returns. */
  readonly volatility: number | null;
  /**
   * mean(r - rf) / std(r - rf) x sqrt(barsPerYear), std the sample (n - 1) deviation, rf the
   * per-bar risk-free rate (1 + riskFreeRate)^(1 / barsPerYear) - 1; null with < 2 returns or zero std.
   */
  readonly sharpe: number | null;
  /**
   * mean(r - rf) / DD x sqrt(barsPerYear), DD = sqrt(sum(min(0, r - rf)^2) / n) over all n returns
   * (target = rf); null with < 2 returns or no return below the target.
   */
  readonly sortino: number | null;
  /** cagr / maxDrawdown.depth; null when there was no drawdown or no cagr. */
  readonly calmar: number | null;
  /** Deepest drawdown, depth as a positive fraction; null when the series never fell below a peak. */
  readonly maxDrawdown: Drawdown | null;
  /** Longest time under water, peak to recovery (or to the end). */
  readonly longestDrawdown: Drawdown | null;
  /**
   * Why CAGR, volatility, Sharpe, Sortino and Calmar are null although there are bars: the run
   * is shorter than MIN_ANNUALIZED_YEARS, and compounding a day's return over a year says nothing
   * (a one-day 5m run showed a CAGR of 12,668,880,241%). Null when they could be annualized.
   */
  readonly notAnnualized: string | null;
}

/** About 21 trading days: the shortest span whose figures are shown annualized. */
export const MIN_ANNUALIZED_YEARS = 1 / 12;

export interface SeriesInput {
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** The series is scale x values (default 1): buy-and-hold of one symbol is its shares x its closes. */
  readonly scale?: number | undefined;
  /** Value before the first bar (starting capital). Returns start from it: r_0 = v_0 / base - 1. */
  readonly base: number;
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
}

/** Per-bar simple returns: r_0 = v_0 / base - 1, r_t = v_t / v_(t-1) - 1. */
export function barReturns(values: ArrayLike<number>, base: number): Float64Array {
  const out = new Float64Array(values.length);
  let prev = base;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = prev === 0 ? 0 : v / prev - 1;
    prev = v;
  }
  return out;
}

export function seriesStats(input: SeriesInput): SeriesStats {
  return seriesFigures(input).stats;
}

/** seriesStats and the sum of the values (in bar order), for the turnover's mean equity. */
export function seriesFigures(input: SeriesInput): { readonly stats: SeriesStats; readonly sumValues: number } {
  const { times, values, base, barsPerYear, riskFreeRate } = input;
  if (!(base > 0)) throw new RangeError(`seriesStats: starting value must be positive, got ${base}`);
  if (!(barsPerYear > 0)) throw new RangeError(`seriesStats: barsPerYear must be positive, got ${barsPerYear}`);
  if (times.length !== values.length) {
    throw new RangeError(`seriesStats: ${times.length} times but ${values.length} values`);
  }
  const scaled = { raw: values, scale: input.scale ?? 1 };
  const n = values.length;
  const years = n / barsPerYear;
  const endValue = n === 0 ? null : scaled.scale === 1 ? values[n - 1]! : 0 + scaled.scale * values[n - 1]!;
  const totalReturn = endValue === null ? null : endValue / base - 1;
  const notAnnualized = n > 0 && years < MIN_ANNUALIZED_YEARS ? tooShort(n, years) : null;
  const cagr = notAnnualized !== null || totalReturn === null || totalReturn <= -1 ? null : Math.pow(1 + totalReturn, 1 / years) - 1;

  // One pass for the drawdowns and the sums, a second for the squares about the mean: no array of returns.
  const first = firstPass(times, scaled, base);
  const rf = Math.pow(1 + riskFreeRate, 1 / barsPerYear) - 1;
  const annual = Math.sqrt(barsPerYear);
  let volatility: number | null = null;
  let sharpe: number | null = null;
  let sortino: number | null = null;
  if (n >= 2 && notAnnualized === null) {
    const m = returnMoments(scaled, base, rf, first.sumReturns);
    volatility = m.rawStd * annual;
    const excessMean = m.mean - rf;
    if (m.excessStd > 0 && !nearlyZero(m.excessStd, excessMean)) sharpe = (excessMean / m.excessStd) * annual;
    if (m.downside > 0) sortino = (excessMean / m.downside) * annual;
  }

  const max = first.maxDrawdown;
  const calmar = cagr === null || max === null || max.depth === 0 ? null : cagr / max.depth;
  const stats: SeriesStats = {
    start: n > 0 ? times[0]! : null,
    end: n > 0 ? times[n - 1]! : null,
    bars: n,
    years,
    startValue: base,
    endValue,
    totalReturn,
    cagr,
    volatility,
    sharpe,
    sortino,
    calmar,
    maxDrawdown: max,
    longestDrawdown: first.longestDrawdown,
    notAnnualized,
  };
  return { stats, sumValues: first.sumValues };
}

function tooShort(bars: number, years: number): string {
  const days = years * 252;
  const span = days >= 1.5 ? `about ${Math.round(days)} trading days` : days >= 0.75 ? "about one trading day" : "less than a trading day";
  return `${bars} bars span ${span}, too short to annualize; CAGR, volatility, Sharpe, Sortino and Calmar need at least 21 trading days`;
}

/**
 * Mean, sample std (raw and of r - rf) and downside deviation below rf of the per-bar returns
 * (barReturns), from their sum (firstPass) and a second pass over the values: no array of returns.
 * The arithmetic is that of the textbook two-pass formulas, term by term.
 */
function returnMoments(values: ScaledValues, base: number, rf: number, sum: number): { mean: number; rawStd: number; excessStd: number; downside: number } {
  const n = values.raw.length;
  const mean = sum / n;
  const { ssRaw, ssExcess, ssDown } = secondPass(values, base, mean, rf);
  return { mean, rawStd: Math.sqrt(ssRaw / (n - 1)), excessStd: Math.sqrt(ssExcess / (n - 1)), downside: Math.sqrt(ssDown / n) };
}

/** A constant return series has std ~1e-17 from rounding: that is zero volatility, not a huge Sharpe. */
function nearlyZero(std: number, level: number): boolean {
  return std <= 1e-12 * Math.max(1, Math.abs(level));
}
