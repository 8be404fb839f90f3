import { forwardFilter, logDensities, type GaussianHmm } from "./gaussian-hmm.ts";

/**
 * Smoothed state probabilities P(state_t | all observations), row-major [t * k + j]. They use
 * bars after t, so they are for reports only (labelled "smoothed"), never for trading.
 */
export function smoothedProbabilities(model: GaussianHmm, xs: ArrayLike<number>): Float64Array {
  return forwardBackward(model, xs).smoothed;
}

export interface ForwardBackward {
  readonly smoothed: Float64Array;
  /** Sum over t of P(s_t = i, s_t+1 = j | all), row-major [i * k + j]. */
  readonly transitionCounts: Float64Array;
  readonly logLikelihood: number;
}

/** The scaled forward-backward pass: smoothed probabilities and expected transition counts. */
export function forwardBackward(model: GaussianHmm, xs: ArrayLike<number>): ForwardBackward {
  const k = model.means.length;
  const n = xs.length;
  const logDens = logDensities(model, xs);
  const { filtered, logLikelihood, logScale } = forwardFilter(model, xs, logDens);
  const beta = new Float64Array(n * k);
  const smoothed = new Float64Array(n * k);
  const transitionCounts = new Float64Array(k * k);
  const emit = new Float64Array(k);
  for (let j = 0; j < k; j++) beta[(n - 1) * k + j] = 1;
  for (let t = n - 2; t >= 0; t--) {
    // b_t+1(j) scaled by the step's normalizer: p(x_t+1 | j) / c_t+1.
    for (let j = 0; j < k; j++) emit[j] = Math.exp(logDens[(t + 1) * k + j]! - logScale[t + 1]!) * beta[(t + 1) * k + j]!;
    for (let i = 0; i < k; i++) {
      const row = model.transition[i]!;
      let s = 0;
      for (let j = 0; j < k; j++) s += row[j]! * emit[j]!;
      beta[t * k + i] = s;
      const a = filtered[t * k + i]!;
      for (let j = 0; j < k; j++) transitionCounts[i * k + j]! += a * row[j]! * emit[j]!;
    }
  }
  for (let t = 0; t < n; t++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += smoothed[t * k + j] = filtered[t * k + j]! * beta[t * k + j]!;
    for (let j = 0; j < k; j++) smoothed[t * k + j]! /= sum;
  }
  return { smoothed, transitionCounts, logLikelihood };
}
