import { matrix } from "../models/matrix.ts";
import type { Fold } from "../validation/splits.ts";
import { runFold, type TrainData } from "./cross-validate.ts";
import { stashFit, type Candidate } from "./search.ts";

/**
 * Sent once to each fold worker (mapInWorkers' setup): the dataset's features, labels and
 * weights, every candidate and every fold, so a job is just its fit number.
 */
export interface FoldSetup {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w?: Float64Array;
  readonly candidates: readonly Candidate[];
  readonly folds: readonly Fold[];
  readonly seed: number;
}

export function foldSetup(d: TrainData, candidates: readonly Candidate[], folds: readonly Fold[], seed: number): FoldSetup {
  return { rows: d.x.rows, cols: d.x.cols, x: d.x.data, y: d.y, ...(d.w ? { w: d.w } : {}), candidates, folds, seed };
}

/**
 * Runs fit number k of the setup (candidate k / folds on fold k % folds, as fitJobs numbers
 * them) and gives it in its shard-file form (stashFit; the last fold's with its model and
 * permutation importance), which reviveFit reads back exactly.
 */
export function foldRunner(s: FoldSetup): (k: number) => unknown {
  const data: TrainData = { x: matrix(s.rows, s.cols, s.x), y: s.y, ...(s.w ? { w: s.w } : {}) };
  const n = s.folds.length;
  return (k) => {
    const c = s.candidates[Math.floor(k / n)]!;
    const last = k % n === n - 1;
    return stashFit(runFold(data, c.kind, s.folds[k % n]!, c.params, last ? s.seed : undefined), last, s.cols);
  };
}
