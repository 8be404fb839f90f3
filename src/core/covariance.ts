/**
 * Ledoit-Wolf shrinkage of a sample covariance toward a scaled identity (Ledoit & Wolf 2004,
 * "A well-conditioned estimator for large-dimensional covariance matrices"). Rows of `x` are
 * observations (time), columns variables (symbols). Returns the p x p matrix row-major and the
 * shrinkage intensity in [0, 1]. Fewer than 2 observations: NaN everywhere.
 */
export function ledoitWolf(x: readonly (readonly number[])[], p: number): { cov: Float64Array; shrinkage: number } {
  const n = x.length;
  const cov = new Float64Array(p * p).fill(NaN);
  if (n < 2) return { cov, shrinkage: NaN };
  const mean = new Float64Array(p);
  for (const row of x) for (let i = 0; i < p; i++) mean[i]! += row[i]! / n;
  const centred = x.map((row) => Array.from({ length: p }, (_, i) => row[i]! - mean[i]!));
  const s = new Float64Array(p * p);
  for (const row of centred) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s[i * p + j]! += (row[i]! * row[j]!) / n;
  let trace = 0;
  for (let i = 0; i < p; i++) trace += s[i * p + i]!;
  const mu = trace / p;
  let d2 = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) d2 += (s[i * p + j]! - (i === j ? mu : 0)) ** 2;
  let b2 = 0;
  for (const row of centred) {
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) b2 += (row[i]! * row[j]! - s[i * p + j]!) ** 2;
  }
  b2 = Math.min(b2 / (n * n), d2);
  const shrinkage = d2 > 0 ? b2 / d2 : 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) cov[i * p + j] = shrinkage * (i === j ? mu : 0) + (1 - shrinkage) * s[i * p + j]!;
  }
  return { cov, shrinkage };
}

/** Correlation of i and j from a row-major covariance (NaN when a variance is 0 or unknown). */
export function correlationOf(cov: Float64Array, p: number, i: number, j: number): number {
  const d = Math.sqrt(cov[i * p + i]! * cov[j * p + j]!);
  return d > 0 ? cov[i * p + j]! / d : NaN;
}
