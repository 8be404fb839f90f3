import { decodeF64, encodeArray } from "../models/typed-base64.ts";
import { loadModelFile, modelFile } from "../models/model-file.ts";
import type { ModelKind } from "../models/model.ts";
import type { Fold } from "../validation/splits.ts";
import { assembleResult, paramsFor, runFold, type CvOptions, type FoldOutcome, type ModelResult } from "./cross-validate.ts";
import type { Dataset } from "./dataset.ts";

/** Values to try per model parameter, e.g. { gbt: { rounds: [100, 200], maxDepth: [3, 4] } }. */
export type ModelGrid = Partial<Record<ModelKind, Readonly<Record<string, readonly number[]>>>>;

/** One model kind with one set of parameters: a point of the search. */
export interface Candidate {
  readonly kind: ModelKind;
  /** Every parameter passed to the fit (--params, the seed, this point's values). */
  readonly params: Readonly<Record<string, number>>;
  /** This point's grid values ({} for a kind without a grid). */
  readonly point: Readonly<Record<string, number>>;
}

/** One fit: candidate c on fold i; job number c * folds + i (the order --shard splits). */
export interface FitJob {
  readonly id: number;
  readonly candidate: number;
  readonly fold: Fold;
  readonly last: boolean;
}

/** The candidates in order: kinds as given, then each kind's grid points (first parameter slowest). */
export function candidatesOf(kinds: readonly ModelKind[], o: Pick<CvOptions, "params" | "seed">, grid: ModelGrid = {}): Candidate[] {
  return kinds.flatMap((kind) => {
    let points: Record<string, number>[] = [{}];
    for (const [name, values] of Object.entries(grid[kind] ?? {})) points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
    return points.map((point) => ({ kind, params: { ...paramsFor(kind, o), ...point }, point }));
  });
}

export function fitJobs(candidates: readonly Candidate[], folds: readonly Fold[]): FitJob[] {
  return candidates.flatMap((_, c) => folds.map((fold, i) => ({ id: c * folds.length + i, candidate: c, fold, last: i === folds.length - 1 })));
}

/** Runs the given fits in this thread; the last fold of each candidate also gets permutation importance. */
export function runFitsHere(d: Dataset, candidates: readonly Candidate[], jobs: readonly FitJob[], o: CvOptions, folds: number): Map<number, FoldOutcome> {
  const out = new Map<number, FoldOutcome>();
  for (const job of jobs) {
    const c = candidates[job.candidate]!;
    o.onProgress?.(fitLine(candidates, job, folds));
    out.set(job.id, runFold(d, c.kind, job.fold, c.params, job.last ? o.seed : undefined, o.clock));
  }
  return out;
}

/** A fit's progress line, e.g. `gbt rounds=100: fold 2/5 (1200 train, 300 test rows)`. */
export function fitLine(candidates: readonly Candidate[], job: FitJob, folds: number): string {
  return `${describe(candidates[job.candidate]!)}: fold ${job.fold.index + 1}/${folds} (${job.fold.train.length} train, ${job.fold.test.length} test rows)`;
}

/** Every candidate's out-of-sample result from all its folds' outcomes. */
export function searchResults(d: Dataset, candidates: readonly Candidate[], folds: readonly Fold[], outcomes: ReadonlyMap<number, FoldOutcome>): ModelResult[] {
  return candidates.map((c, k) => assembleResult(d, c.kind, folds, folds.map((_, i) => outcomes.get(k * folds.length + i)!)));
}

/**
 * Per kind (in `kinds` order), the candidate with the highest out-of-sample AUC; an undefined
 * AUC loses, ties go to the earlier point. Returns candidate indices.
 */
export function chooseBest(kinds: readonly ModelKind[], candidates: readonly Candidate[], results: readonly ModelResult[]): number[] {
  return kinds.map((kind) => {
    let best = -1;
    candidates.forEach((c, k) => {
      if (c.kind !== kind) return;
      const auc = results[k]!.summary.auc;
      if (best < 0 || (Number.isFinite(auc) && !(results[best]!.summary.auc >= auc))) best = k;
    });
    return best;
  });
}

export function describe(c: Candidate): string {
  const p = Object.entries(c.point);
  return p.length === 0 ? c.kind : `${c.kind} ${p.map(([k, v]) => `${k}=${v}`).join(",")}`;
}

/** A fit's outcome as JSON for a shard file, exactly (typed arrays as base64 of their bytes). */
export function stashFit(out: FoldOutcome, withModel: boolean, cols: number): unknown {
  return {
    prob: encodeArray(out.prob),
    seconds: out.seconds,
    ...(out.permutation ? { permutation: encodeArray(out.permutation) } : {}),
    ...(withModel && out.model ? { model: modelFile(out.model, Array.from({ length: cols }, (_, i) => `f${i}`)) } : {}),
  };
}

/** A stashed fit back (the model only for a last fold: the one result that keeps it). */
export function reviveFit(raw: unknown): FoldOutcome {
  const r = raw as { prob: unknown; seconds: number; permutation?: unknown; model?: unknown };
  const prob = decodeF64(r.prob, "shard prob");
  const permutation = r.permutation !== undefined ? decodeF64(r.permutation, "shard permutation") : undefined;
  let model: FoldOutcome["model"];
  if (r.model !== undefined) {
    const loaded = loadModelFile(r.model);
    if (!loaded.ok) throw new RangeError(`shard file: ${loaded.error}`);
    model = loaded.model;
  }
  return { prob, seconds: r.seconds, ...(model ? { model } : {}), ...(permutation ? { permutation } : {}) };
}
