import { fitGaussianHmm } from "./baum-welch.ts";
import type { GaussianHmm } from "./gaussian-hmm.ts";

export interface CausalHmmOptions {
  readonly states: number;
  /** Returns needed before the first fit (default 504, about two years of daily bars). */
  readonly minTrain?: number;
  /** Refit every this many returns on all returns so far (default 252). */
  readonly refitEvery?: number;
  readonly seed?: number;
}

/**
 * HMM states for trading without look-ahead: the model in force at return t was fitted only on
 * returns before its refit point (<= t), and the forward filter runs on, across refits, from
 * the probabilities it had. The state at t is the most probable filtered one; -1 before the
 * first fit. Refits start from the previous model only (the first fit from 3 seeded starts), states sorted by
 * sigma, so labels stay put.
 */
export function causalHmmStates(xs: Float64Array, options: CausalHmmOptions): Int32Array {
  const k = options.states;
  const minTrain = options.minTrain ?? 504;
  const every = options.refitEvery ?? 252;
  const n = xs.length;
  const out = new Int32Array(n).fill(-1);
  let model: GaussianHmm | undefined;
  let probs: Float64Array | undefined;
  for (let t = minTrain; t < n; t++) {
    if ((t - minTrain) % every === 0) {
      const fit = fitGaussianHmm(xs.subarray(0, t), { states: k, starts: model ? 1 : 3, seed: options.seed ?? 1, ...(model ? { initial: model } : {}) });
      if (fit.ok) model = fit.fit.model;
    }
    if (!model) continue;
    probs = step(model, probs, xs[t]!);
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[j]! > probs[best]!) best = j;
    out[t] = best;
  }
  return out;
}

/** One scaled forward step: prior from the last filtered probabilities (or the model's initial ones), times the density. */
function step(model: GaussianHmm, last: Float64Array | undefined, x: number): Float64Array {
  const k = model.means.length;
  const next = new Float64Array(k);
  const logs = new Float64Array(k);
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    const sd = model.sigmas[j]!;
    const d = x - model.means[j]!;
    logs[j] = -Math.log(sd) - (d * d) / (2 * sd * sd);
    max = Math.max(max, logs[j]!);
  }
  let sum = 0;
  for (let j = 0; j < k; j++) {
    let prior = 0;
    if (last) for (let i = 0; i < k; i++) prior += last[i]! * model.transition[i]![j]!;
    else prior = model.initial[j]!;
    next[j] = prior * Math.exp(logs[j]! - max);
    sum += next[j]!;
  }
  for (let j = 0; j < k; j++) next[j] = sum > 0 ? next[j]! / sum : 1 / k;
  return next;
}
