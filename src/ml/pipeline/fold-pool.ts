import { mapInWorkers } from "../../backtest/job-pool.ts";
import { workerEntry } from "../../core/worker-entry.ts";
import { isUserError } from "../../core/errors.ts";
import type { ModelKind } from "../models/model.ts";
import type { Fold } from "../validation/splits.ts";
import { usableFolds, type CvOptions, type FoldOutcome, type ModelResult } from "./cross-validate.ts";
import type { Dataset } from "./dataset.ts";
import { foldSetup } from "./fold-wire.ts";
import { candidatesOf, fitJobs, fitLine, reviveFit, searchResults, type Candidate, type FitJob } from "./search.ts";

/**
 * crossValidate with the (model, fold) fits spread over `workers` Bun Workers. Models are
 * deterministic, so the results equal the in-process ones.
 */
export async function crossValidateParallel(d: Dataset, kinds: readonly ModelKind[], o: CvOptions, workers: number): Promise<{ folds: Fold[]; results: ModelResult[] }> {
  const folds = usableFolds(d, o);
  const candidates = candidatesOf(kinds, o);
  const outcomes = await fitInWorkers(d, candidates, fitJobs(candidates, folds), o, folds, workers);
  return { folds, results: searchResults(d, candidates, folds, outcomes) };
}

/**
 * The given fits (candidate x fold, any grid point of any model; `folds` are all the run's)
 * on `workers` Bun Workers (mapInWorkers, fold-worker.ts): each worker gets the dataset,
 * candidates and folds once, then fit numbers. A fit's progress line is said as it is handed
 * out, so the lines come in the fits' order. A fit's RangeError (bad parameters or rows) stays one.
 * This thread takes no fits (no `here`): a fit runs seconds without yielding, and a worker that
 * finished its batch would wait that long for the next one.
 */
export async function fitInWorkers(d: Dataset, candidates: readonly Candidate[], jobs: readonly FitJob[], o: CvOptions, folds: readonly Fold[], workers: number): Promise<Map<number, FoldOutcome>> {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const progress = o.onProgress;
  const onStart = progress ? (ids: readonly number[]) => ids.forEach((id) => progress(fitLine(candidates, byId.get(id)!, folds.length))) : undefined;
  const ids = jobs.map((job) => job.id);
  let stashed: unknown[];
  try {
    stashed = await mapInWorkers<unknown>(workerEntry("ml/pipeline/fold-worker.ts"), ids, { setup: foldSetup(d, candidates, folds, o.seed), size: workers, onStart });
  } catch (e) {
    if (e instanceof RangeError || isUserError(e) || !(e instanceof Error)) throw e;
    throw new Error(`cross-validation worker: ${e.message}`);
  }
  return new Map(ids.map((id, k) => [id, reviveFit(stashed[k])]));
}
