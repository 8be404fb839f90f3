import { mulberry32 } from "../core/seeded-random.ts";
import { sortBySigma, type GaussianHmm } from "./gaussian-hmm.ts";
import { forwardBackward } from "./smoothed.ts";

export interface FitOptions {
  /** Number of hidden states, 2..4. */
  readonly states: number;
  /** Seeded random starts; the fit with the best log-likelihood wins. */
  readonly starts?: number;
  readonly seed?: number;
  readonly maxIterations?: number;
  /** Stop when one EM step gains less than this in ln L. */
  readonly tolerance?: number;
  /** A model to start from as well (a refit warm-started from the previous fit); same number of states. */
  readonly initial?: GaussianHmm;
}

export interface HmmFit {
  readonly model: GaussianHmm;
  readonly logLikelihood: number;
  readonly iterations: number;
  /** ln L reached by each start, in start order (a spread says the surface has local optima). */
  readonly startLogLikelihoods: readonly number[];
}

export type FitResult = { readonly ok: true; readonly fit: HmmFit } | { readonly ok: false; readonly error: string };

/**
 * Baum-Welch (EM) from several seeded starts, keeping the best ln L; the result's states are
 * sorted by sigma ascending. Deterministic for a given seed.
 */
export function fitGaussianHmm(xs: ArrayLike<number>, options: FitOptions): FitResult {
  const k = options.states;
  if (!Number.isInteger(k) || k < 2 || k > 4) return { ok: false, error: `states must be 2, 3 or 4, got ${k}` };
  const minObs = 20 * k;
  if (xs.length < minObs) return { ok: false, error: `an HMM with ${k} states needs at least ${minObs} returns, got ${xs.length}` };
  for (let t = 0; t < xs.length; t++) {
    if (!Number.isFinite(xs[t]!)) return { ok: false, error: `observation ${t} is not a finite number (${xs[t]})` };
  }
  const stats = moments(xs);
  if (!(stats.sd > 0)) return { ok: false, error: "the series is constant: no regimes to find" };
  const starts = options.starts ?? 6;
  const random = mulberry32(options.seed ?? 1);
  let best: HmmFit | undefined;
  const startLogLikelihoods: number[] = [];
  for (let s = 0; s < starts; s++) {
    const start = s === 0 && options.initial?.means.length === k ? options.initial : initialModel(k, stats, s, random);
    const run = runEm(xs, start, options, stats.sd);
    startLogLikelihoods.push(run.logLikelihood);
    if (!best || run.logLikelihood > best.logLikelihood) best = { ...run, startLogLikelihoods };
  }
  return { ok: true, fit: { ...best!, model: sortBySigma(best!.model), startLogLikelihoods } };
}

function moments(xs: ArrayLike<number>): { mean: number; sd: number } {
  let sum = 0;
  for (let t = 0; t < xs.length; t++) sum += xs[t]!;
  const mean = sum / xs.length;
  let ss = 0;
  for (let t = 0; t < xs.length; t++) ss += (xs[t]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / xs.length) };
}

/** Start 0 is a fixed spread of sigmas around the sample's; the others are jittered. */
function initialModel(k: number, stats: { mean: number; sd: number }, start: number, random: () => number): GaussianHmm {
  const sigmas: number[] = [];
  const means: number[] = [];
  for (let j = 0; j < k; j++) {
    const spread = 0.5 + (1.5 * j) / (k - 1); // 0.5 .. 2 times the sample sd
    const jitter = start === 0 ? 1 : 0.6 + 0.8 * random();
    sigmas.push(stats.sd * spread * jitter);
    means.push(stats.mean + (start === 0 ? 0 : (random() - 0.5) * stats.sd * 0.5));
  }
  const stay = start === 0 ? 0.95 : 0.8 + 0.19 * random();
  const transition = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? stay : (1 - stay) / (k - 1))),
  );
  return { means, sigmas, transition, initial: Array.from({ length: k }, () => 1 / k) };
}

function runEm(xs: ArrayLike<number>, start: GaussianHmm, options: FitOptions, sampleSd: number): Omit<HmmFit, "startLogLikelihoods"> {
  const k = start.means.length;
  const n = xs.length;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-8;
  // A floor keeps a state from collapsing onto one observation (ln L would run to infinity).
  const sigmaFloor = sampleSd * 1e-3;
  let model = start;
  let previous = -Infinity; // ln L of `model`
  let last = -Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const { smoothed, transitionCounts, logLikelihood } = forwardBackward(model, xs);
    previous = logLikelihood;
    if (logLikelihood - last < tolerance) break;
    last = logLikelihood;
    const weight = new Float64Array(k);
    const sumX = new Float64Array(k);
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < k; j++) {
        const g = smoothed[t * k + j]!;
        weight[j]! += g;
        sumX[j]! += g * xs[t]!;
      }
    }
    const means = Array.from(sumX, (s, j) => s / Math.max(weight[j]!, 1e-300));
    const sumSq = new Float64Array(k);
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < k; j++) sumSq[j]! += smoothed[t * k + j]! * (xs[t]! - means[j]!) ** 2;
    }
    const sigmas = Array.from(sumSq, (s, j) => Math.max(sigmaFloor, Math.sqrt(s / Math.max(weight[j]!, 1e-300))));
    const transition = Array.from({ length: k }, (_, i) => {
      let rowSum = 0;
      for (let j = 0; j < k; j++) rowSum += transitionCounts[i * k + j]!;
      return Array.from({ length: k }, (_, j) => (rowSum > 0 ? transitionCounts[i * k + j]! / rowSum : 1 / k));
    });
    const initial = Array.from({ length: k }, (_, j) => smoothed[j]!);
    model = { means, sigmas, transition, initial };
    previous = NaN;
  }
  if (Number.isNaN(previous)) previous = forwardBackward(model, xs).logLikelihood;
  return { model, logLikelihood: previous, iterations };
}
