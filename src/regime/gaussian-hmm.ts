/**
 * A Gaussian hidden Markov model of one series (daily log returns): K hidden states, each
 * with its own mean and standard deviation, and a Markov chain between them. States are kept
 * sorted by sigma ascending, so state 0 is the calmest and labels never swap between fits.
 */
export interface GaussianHmm {
  readonly means: readonly number[];
  readonly sigmas: readonly number[];
  /** Row = from, column = to; each row sums to 1. */
  readonly transition: readonly (readonly number[])[];
  /** Probabilities of the state at the first observation. */
  readonly initial: readonly number[];
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln N(x; mean, sigma) for each state and each observation, row-major [t * k + j]. */
export function logDensities(model: GaussianHmm, xs: ArrayLike<number>): Float64Array {
  const k = model.means.length;
  const out = new Float64Array(xs.length * k);
  for (let j = 0; j < k; j++) {
    const mu = model.means[j]!;
    const sd = model.sigmas[j]!;
    const norm = -Math.log(sd) - LOG_SQRT_2PI;
    const inv = 1 / (2 * sd * sd);
    for (let t = 0; t < xs.length; t++) {
      const d = xs[t]! - mu;
      out[t * k + j] = norm - d * d * inv;
    }
  }
  return out;
}

/** Filtered state probabilities: P(state_t | x_1..x_t), row-major [t * k + j], plus ln L. */
export interface ForwardPass {
  readonly filtered: Float64Array;
  readonly logLikelihood: number;
  /** ln of each step's normalizer (ln p(x_t | x_1..x_t-1)); the backward pass reuses them. */
  readonly logScale: Float64Array;
}

/**
 * The scaled forward algorithm. Each step uses only observations up to t, so the filtered
 * probabilities at t are what was knowable at t's close: the only probabilities trading uses.
 */
export function forwardFilter(model: GaussianHmm, xs: ArrayLike<number>, logDens = logDensities(model, xs)): ForwardPass {
  const k = model.means.length;
  const n = xs.length;
  const filtered = new Float64Array(n * k);
  const logScale = new Float64Array(n);
  const prior = new Float64Array(k);
  let logLikelihood = 0;
  for (let t = 0; t < n; t++) {
    if (t === 0) for (let j = 0; j < k; j++) prior[j] = model.initial[j]!;
    else {
      prior.fill(0);
      for (let i = 0; i < k; i++) {
        const a = filtered[(t - 1) * k + i]!;
        const row = model.transition[i]!;
        for (let j = 0; j < k; j++) prior[j]! += a * row[j]!;
      }
    }
    let maxLog = -Infinity;
    for (let j = 0; j < k; j++) maxLog = Math.max(maxLog, logDens[t * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = prior[j]! * Math.exp(logDens[t * k + j]! - maxLog);
      filtered[t * k + j] = v;
      sum += v;
    }
    for (let j = 0; j < k; j++) filtered[t * k + j]! /= sum;
    logScale[t] = Math.log(sum) + maxLog;
    logLikelihood += logScale[t]!;
  }
  return { filtered, logLikelihood, logScale };
}

/** ln L of the model on the series. */
export function logLikelihood(model: GaussianHmm, xs: ArrayLike<number>): number {
  return forwardFilter(model, xs).logLikelihood;
}

/** The most probable state of each row of a row-major [t * k + j] probability table. */
export function argmaxStates(probs: Float64Array, k: number): Int32Array {
  const n = probs.length / k;
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[t * k + j]! > probs[t * k + best]!) best = j;
    out[t] = best;
  }
  return out;
}

/** Expected number of bars a state lasts once entered: 1 / (1 - p_ii). */
export function expectedDurations(model: GaussianHmm): number[] {
  return model.transition.map((row, i) => 1 / Math.max(1e-12, 1 - row[i]!));
}

/** The same model with states reordered by sigma ascending. */
export function sortBySigma(model: GaussianHmm): GaussianHmm {
  const order = model.sigmas.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  return {
    means: order.map((i) => model.means[i]!),
    sigmas: order.map((i) => model.sigmas[i]!),
    initial: order.map((i) => model.initial[i]!),
    transition: order.map((i) => order.map((j) => model.transition[i]![j]!)),
  };
}
