import { fitGaussianHmm } from "./baum-welch.ts";
import { argmaxStates, expectedDurations, forwardFilter } from "./gaussian-hmm.ts";
import { hmmVolLabel, labelText } from "./labels.ts";
import { logReturns } from "./log-returns.ts";
import { rulesRegimes } from "./rules.ts";
import { smoothedProbabilities } from "./smoothed.ts";
import { stateStats, type StateStats } from "./state-stats.ts";
import { regimeSpans, type RegimeSpan } from "./spans.ts";

export type RegimeMethod = "rules" | "hmm";
export const REGIME_METHODS: readonly RegimeMethod[] = ["rules", "hmm"];

export interface RegimeRequest {
  /** Bar times and closes, oldest first. */
  readonly time: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly method: RegimeMethod;
  /** HMM states (2..4); ignored by rules. */
  readonly states?: number;
  readonly seed?: number;
  /** Bars per year, for the annualized figures (252 for daily bars). */
  readonly barsPerYear: number;
}

export interface RegimeStep {
  readonly time: number;
  /** Index into `states`; -1 while the model is warming up (unknown). */
  readonly state: number;
  /** Filtered probability of each state (what was knowable at this bar's close). */
  readonly probabilities: readonly number[];
}

export interface RegimeAnalysis {
  readonly method: RegimeMethod;
  /** null for rules (not a likelihood model). */
  readonly logLikelihood: number | null;
  /** HMM: sorted by sigma ascending. Rules: the labels that occurred. */
  readonly states: readonly StateStats[];
  /** Row = from, column = to. HMM: fitted; rules: observed bar-to-bar frequencies. */
  readonly transition: readonly (readonly number[])[];
  readonly filtered: readonly RegimeStep[];
  /** HMM only: P(state | all bars), for reports; it looks ahead, so never for trading. */
  readonly smoothed: readonly (readonly number[])[] | null;
  readonly spans: readonly RegimeSpan[];
  readonly current: { readonly state: number; readonly label: string; readonly probability: number; readonly since: number } | null;
}

export type RegimeResult = { readonly ok: true; readonly analysis: RegimeAnalysis } | { readonly ok: false; readonly error: string };

/** Regimes of one price series by the chosen method: what `robotrader regime` reports. */
export function analyzeRegimes(request: RegimeRequest): RegimeResult {
  return request.method === "hmm" ? analyzeHmm(request) : { ok: true, analysis: analyzeRules(request) };
}

function analyzeHmm(request: RegimeRequest): RegimeResult {
  const k = request.states ?? 2;
  const returns = logReturns(request.close);
  const fitted = fitGaussianHmm(returns, { states: k, seed: request.seed ?? 1 });
  if (!fitted.ok) return fitted;
  const { model, logLikelihood } = fitted.fit;
  const { filtered: probs } = forwardFilter(model, returns);
  const smooth = smoothedProbabilities(model, returns);
  const states = argmaxStates(probs, k);
  // Return i completes bar i + 1; the first bar has no return, so no regime.
  const filtered: RegimeStep[] = [{ time: request.time[0]!, state: -1, probabilities: [] }];
  const smoothed: number[][] = [[]];
  for (let i = 0; i < returns.length; i++) {
    filtered.push({ time: request.time[i + 1]!, state: states[i]!, probabilities: Array.from(probs.subarray(i * k, i * k + k)) });
    smoothed.push(Array.from(smooth.subarray(i * k, i * k + k)));
  }
  const labels = Array.from({ length: k }, (_, j) => `state ${j} (${hmmVolLabel(j, k)})`);
  const durations = expectedDurations(model);
  const stats = stateStats(returns, states, labels, request.barsPerYear).map((s, j) => ({
    ...s,
    mean: model.means[j]!,
    sigma: model.sigmas[j]!,
    annualizedMean: model.means[j]! * request.barsPerYear,
    annualizedSigma: model.sigmas[j]! * Math.sqrt(request.barsPerYear),
    expectedDurationBars: durations[j]!,
  }));
  return { ok: true, analysis: finish("hmm", logLikelihood, stats, model.transition, filtered, smoothed, labels) };
}

function analyzeRules(request: RegimeRequest): RegimeAnalysis {
  const labels = rulesRegimes(request.close);
  const texts = labels.map((l) => (l.trend && l.vol ? labelText(l) : undefined));
  const names = [...new Set(texts.filter((t): t is string => t !== undefined))].sort();
  const index = new Map(names.map((n, j) => [n, j]));
  const perBar = texts.map((t) => (t === undefined ? -1 : index.get(t)!));
  const returns = logReturns(request.close);
  const returnStates = Int32Array.from(perBar.slice(1));
  const k = names.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 1; t < perBar.length; t++) if (perBar[t - 1]! >= 0 && perBar[t]! >= 0) counts[perBar[t - 1]!]![perBar[t]!]!++;
  const transition = counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (sum > 0 ? c / sum : 0));
  });
  const stats = stateStats(returns, returnStates, names, request.barsPerYear).map((s, j) => ({
    ...s,
    expectedDurationBars: 1 / Math.max(1e-12, 1 - transition[j]![j]!),
  }));
  const filtered = perBar.map((s, t) => ({
    time: request.time[t]!,
    state: s,
    probabilities: s < 0 ? [] : names.map((_, j) => (j === s ? 1 : 0)),
  }));
  return finish("rules", null, stats, transition, filtered, null, names);
}

function finish(
  method: RegimeMethod,
  logLikelihood: number | null,
  states: readonly StateStats[],
  transition: readonly (readonly number[])[],
  filtered: readonly RegimeStep[],
  smoothed: readonly (readonly number[])[] | null,
  labels: readonly string[],
): RegimeAnalysis {
  const spans = regimeSpans(filtered, labels);
  const last = filtered.at(-1);
  const lastSpan = spans.at(-1);
  const current =
    last && last.state >= 0 && lastSpan
      ? { state: last.state, label: labels[last.state]!, probability: last.probabilities[last.state]!, since: lastSpan.from }
      : null;
  return { method, logLikelihood, states, transition, filtered, smoothed, spans, current };
}
