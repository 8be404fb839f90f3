import { loadModelFile } from "../models/model-file.ts";
import type { ModelKind } from "../models/model.ts";
import { assembleResult, paramsFor, usableFolds, type CvOptions, type FoldOutcome, type ModelResult } from "./cross-validate.ts";
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

interface Job {
  readonly id: number;
  readonly kind: ModelKind;
  readonly fold: Fold;
  readonly last: boolean;
}

/**
 * crossValidate with the (model, fold) fits spread over `workers` Bun Workers. Models are
 * deterministic, so the results equal the in-process ones; each worker gets the dataset once.
 */
export async function crossValidateParallel(d: Dataset, kinds: readonly ModelKind[], o: CvOptions, workers: number): Promise<{ folds: Fold[]; results: ModelResult[] }> {
  const folds = usableFolds(d, o);
  const jobs: Job[] = kinds.flatMap((kind, k) => folds.map((fold, i) => ({ id: k * folds.length + i, kind, fold, last: i === folds.length - 1 })));
  const outcomes = new Map<number, FoldOutcome>();
  const size = Math.max(1, Math.min(workers, jobs.length));
  const pool: Worker[] = [];
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      const send = (w: Worker) => {
        const job = jobs[next++];
        if (!job) return;
        o.onProgress?.(`${job.kind}: fold ${job.fold.index + 1}/${folds.length} (${job.fold.train.length} train, ${job.fold.test.length} test rows)`);
        const msg: ToFoldWorker = { kind: "fit", id: job.id, model: job.kind, params: paramsFor(job.kind, o), train: job.fold.train, test: job.fold.test, ...(job.last ? { importanceSeed: o.seed } : {}) };
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
  const results = kinds.map((kind, k) => assembleResult(d, kind, folds, folds.map((_, i) => outcomes.get(k * folds.length + i)!)));
  return { folds, results };
}
