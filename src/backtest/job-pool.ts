import { UserError } from "../core/errors.ts";

/** Messages between mapInWorkers and a worker served by serveJobs (structured clone). */
export type ToJobWorker = { readonly kind: "setup"; readonly setup: unknown } | { readonly kind: "jobs"; readonly id: number; readonly jobs: readonly number[] };
export type FromJobWorker =
  | { readonly kind: "done"; readonly id: number; readonly results: readonly unknown[] }
  | { readonly kind: "failed"; readonly id: number; readonly message: string; readonly error: JobErrorKind };

/**
 * What a failed job threw, so the pool throws the same kind: a UserError, a RangeError (bad
 * input its caller may turn into a UserError, as train does) or any other Error.
 */
export type JobErrorKind = "user" | "range" | "other";

function rebuildError(kind: JobErrorKind, message: string): Error {
  return kind === "user" ? new UserError(message) : kind === "range" ? new RangeError(message) : new Error(message);
}

export interface MapInWorkersOptions {
  /** Sent once to every worker before its first batch. */
  readonly setup: unknown;
  /** Workers (default: every core); never more than the batches. */
  readonly size?: number | undefined;
  /** Called with the number of jobs each finished batch held. */
  readonly onDone?: ((count: number) => void) | undefined;
  /** Called with each batch's job numbers as it is handed out (to a worker or this thread): in the jobs' order. */
  readonly onStart?: ((jobs: readonly number[]) => void) | undefined;
  /**
   * Runs a job in this thread, which then takes batches as one of the `size` (one worker fewer:
   * one module load, JIT warm-up and heap less). It must give the worker's result.
   */
  readonly here?: ((job: number) => unknown) | undefined;
}

/**
 * Runs independent numbered jobs on a pool of Bun Workers and returns their results in the
 * jobs' order. Jobs go out in batches of about a sixteenth of a worker's share (few messages for
 * short jobs, no slow straggler at the end). The first failure rejects; a UserError or a
 * RangeError stays one (JobErrorKind).
 */
export async function mapInWorkers<R>(url: URL, jobs: readonly number[], options: MapInWorkersOptions): Promise<R[]> {
  const wanted = Math.max(1, options.size ?? navigator.hardwareConcurrency ?? 1);
  const batchSize = Math.max(1, Math.ceil(jobs.length / (wanted * 16)));
  const batches: number[][] = [];
  for (let i = 0; i < jobs.length; i += batchSize) batches.push(jobs.slice(i, i + batchSize));
  const out: R[][] = new Array(batches.length);
  if (batches.length === 0) return [];
  const workers: Worker[] = [];
  const local = options.here;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const finish = (id: number, results: readonly unknown[]) => {
        out[id] = results as R[];
        options.onDone?.(results.length);
        if (++done === batches.length) resolve();
      };
      const fail = (error: Error) => {
        failed = true;
        reject(error);
      };
      const send = (w: Worker) => {
        if (next >= batches.length || failed) return;
        const id = next++;
        options.onStart?.(batches[id]!);
        w.postMessage({ kind: "jobs", id, jobs: batches[id]! } satisfies ToJobWorker);
      };
      const spawn = Math.min(local ? wanted - 1 : wanted, batches.length);
      for (let i = 0; i < spawn; i++) {
        const w = new Worker(url);
        workers.push(w);
        w.onmessage = (event: MessageEvent<FromJobWorker>) => {
          const m = event.data;
          if (m.kind === "failed") return fail(rebuildError(m.error, m.message));
          finish(m.id, m.results);
          send(w);
        };
        w.onerror = (event: ErrorEvent) => fail(new Error(`worker crashed: ${event.message}`));
        w.postMessage({ kind: "setup", setup: options.setup } satisfies ToJobWorker);
        send(w);
      }
      if (local) {
        void (async () => {
          while (next < batches.length && !failed) {
            const id = next++;
            options.onStart?.(batches[id]!);
            const results: unknown[] = [];
            for (const job of batches[id]!) {
              results.push(await local(job));
              // Let the workers' replies in between jobs, so they get their next batch.
              await new Promise<void>((r) => setImmediate(r));
            }
            finish(id, results);
          }
        })().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
      }
    });
  } finally {
    for (const w of workers) w.terminate();
  }
  return out.flat();
}
