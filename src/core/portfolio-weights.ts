import { correlationOf } from "./covariance.ts";

/**
 * Inverse-volatility weights corrected for correlation: w_i ∝ 1 / (sigma_i * sum_j max(0, rho_ij)),
 * normalised to sum to 1. The sum counts how many "copies" of a symbol the universe holds (1 for
 * an uncorrelated symbol, 2 for each of two perfectly correlated ones), so a correlated group
 * together gets the weight one uncorrelated symbol of the same volatility gets. NaN weights when
 * the covariance is not known yet.
 */
export function riskParityWeights(cov: Float64Array, p: number): Float64Array {
  const raw = new Float64Array(p);
  let total = 0;
  for (let i = 0; i < p; i++) {
    const sigma = Math.sqrt(cov[i * p + i]!);
    let copies = 0;
    for (let j = 0; j < p; j++) copies += j === i ? 1 : Math.max(0, correlationOf(cov, p, i, j) || 0);
    raw[i] = sigma > 0 ? 1 / (sigma * copies) : NaN;
    total += raw[i]!;
  }
  for (let i = 0; i < p; i++) raw[i] = raw[i]! / total;
  return raw;
}

/** sqrt(w' C w): the volatility of a portfolio with weights w (same units as C). */
export function portfolioVolatility(cov: Float64Array, w: ArrayLike<number>): number {
  const p = w.length;
  let v = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) v += w[i]! * w[j]! * cov[i * p + j]!;
  return Math.sqrt(Math.max(0, v));
}

/**
 * Risk-parity weights scaled so the whole portfolio's volatility hits `target` (per-bar units
 * like C), never above 100% of equity in total (no leverage).
 */
export function targetVolWeights(cov: Float64Array, p: number, target: number): Float64Array {
  const w = riskParityWeights(cov, p);
  const vol = portfolioVolatility(cov, w);
  const scale = vol > 0 ? Math.min(1, target / vol) : NaN;
  return w.map((x) => x * scale);
}
