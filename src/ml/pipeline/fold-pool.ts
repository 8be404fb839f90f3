import { loadModelFile } from "../models/model-file.ts";
import type { ModelKind } from "../models/model.ts";
import { usableFolds, type CvOptions, type FoldOutcome, type ModelResult } from "./cross-validate.ts";
import { candidatesOf, describe, fitJobs, searchResults, type Candidate, type FitJob } from "./search.ts";
import type { Dataset } from "./dataset.ts";
import type { FromFoldWorker, ToFoldWorker } from "./fold-wire.ts";
import type { Fold } from "../validation/splits.ts";

/**
 * Where the worker module is: beside this file from source; in a `bun build --compile` binary
 * every entrypoint sits under /$bunfs/root/ at its path relative to src/ (scripts/build.ts).
 */
export function foldWorkerUrl(base: string = import.meta.url): URL {
  const compiled = base.includes("/$bunfs/") || base.includes("~BUN");
  return new URL(compiled ? "./ml/pipeline/fold-worker.ts" : "./fold-worker.ts", base);
}

/**
 * crossValidate with the (model, fold) fits spread over `workers` Bun Workers. Models are
 * deterministic, so the results equal the in-process ones; each worker gets the dataset once.
 */
export async function crossValidateParallel(d: Dataset, kinds: readonly ModelKind[], o: CvOptions, workers: number): Promise<{ folds: Fold[]; results: ModelResult[] }> {
  const folds = usableFolds(d, o);
  const candidates = candidatesOf(kinds, o);
  const outcomes = await fitInWorkers(d, candidates, fitJobs(candidates, folds), o, folds.length, workers);
  return { folds, results: searchResults(d, candidates, folds, outcomes) };
}

/**
 * The given fits (candidate x fold, any grid point of any model) spread over `workers` Bun
 * Workers, one fit per message; each worker gets the dataset once.
 */
export async function fitInWorkers(d: Dataset, candidates: readonly Candidate[], jobs: readonly FitJob[], o: CvOptions, folds: number, workers: number): Promise<Map<number, FoldOutcome>> {
  const outcomes = new Map<number, FoldOutcome>();
  if (jobs.length === 0) return outcomes;
  const size = Math.max(1, Math.min(workers, jobs.length));
  const pool: Worker[] = [];
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      const send = (w: Worker) => {
        const job = jobs[next++];
        if (!job) return;
        const c = candidates[job.candidate]!;
        o.onProgress?.(`${describe(c)}: fold ${job.fold.index + 1}/${folds} (${job.fold.train.length} train, ${job.fold.test.length} test rows)`);
        const msg: ToFoldWorker = { kind: "fit", id: job.id, model: c.kind, params: c.params, train: job.fold.train, test: job.fold.test, ...(job.last ? { importanceSeed: o.seed } : {}) };
        w.postMessage(msg);
      };
      for (let i = 0; i < size; i++) {
        const w = new Worker(foldWorkerUrl());
        pool.push(w);
        w.onmessage = (event: MessageEvent<FromFoldWorker>) => {
          const m = event.data;
          if (m.kind === "failed") return reject(m.badInput ? new RangeError(m.message) : new Error(`cross-validation worker: ${m.message}`));
          const loaded = loadModelFile(JSON.parse(m.modelFile));
          if (!loaded.ok) return reject(new Error(`cross-validation worker: ${loaded.error}`));
          outcomes.set(m.id, { prob: m.prob, seconds: m.seconds, model: loaded.model, ...(m.permutation ? { permutation: m.permutation } : {}) });
          if (++done === jobs.length) resolve();
          else send(w);
        };
        w.onerror = (event: ErrorEvent) => reject(new Error(`cross-validation worker crashed: ${event.message}`));
        w.postMessage({ kind: "setup", setup: { rows: d.x.rows, cols: d.x.cols, x: d.x.data, y: d.y, ...(d.w ? { w: d.w } : {}) } } satisfies ToFoldWorker);
        send(w);
      }
    });
  } finally {
    for (const w of pool) w.terminate();
  }
  return outcomes;
}
