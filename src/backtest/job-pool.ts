import { UserError } from "../core/errors.ts";

/** Messages between mapInWorkers and a worker served by serveJobs (structured clone). */
export type ToJobWorker = { readonly kind: "setup"; readonly setup: unknown } | { readonly kind: "jobs"; readonly id: number; readonly jobs: readonly number[] };
export type FromJobWorker =
  | { readonly kind: "done"; readonly id: number; readonly results: readonly unknown[] }
  | { readonly kind: "failed"; readonly id: number; readonly message: string; readonly userError: boolean };

/**
 * Where a worker entrypoint is, by its path under src/: from source, relative to this file; in a
 * `bun build --compile` binary every entrypoint sits under /$bunfs/root/ at that path
 * (scripts/build.ts lists the workers as extra entrypoints).
 */
export function workerEntry(pathUnderSrc: string, base: string = import.meta.url): URL {
  const compiled = base.includes("/$bunfs/") || base.includes("~BUN");
  return new URL(compiled ? `./${pathUnderSrc}` : `../${pathUnderSrc}`, base);
}

export interface MapInWorkersOptions {
  /** Sent once to every worker before its first batch. */
  readonly setup: unknown;
  /** Workers (default: every core); never more than the batches. */
  readonly size?: number | undefined;
  /** Called with the number of jobs each finished batch held. */
  readonly onDone?: ((count: number) => void) | undefined;
}

/**
 * Runs independent numbered jobs on a pool of Bun Workers and returns their results in the
 * jobs' order. Jobs go out in batches of about a quarter of a worker's share (few messages for
 * short jobs, no slow straggler at the end). The first failure rejects; a UserError stays one.
 */
export async function mapInWorkers<R>(url: URL, jobs: readonly number[], options: MapInWorkersOptions): Promise<R[]> {
  const wanted = Math.max(1, options.size ?? navigator.hardwareConcurrency ?? 1);
  const batchSize = Math.max(1, Math.ceil(jobs.length / (wanted * 4)));
  const batches: number[][] = [];
  for (let i = 0; i < jobs.length; i += batchSize) batches.push(jobs.slice(i, i + batchSize));
  const out: R[][] = new Array(batches.length);
  if (batches.length === 0) return [];
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const send = (w: Worker) => {
        if (next >= batches.length) return;
        const id = next++;
        w.postMessage({ kind: "jobs", id, jobs: batches[id]! } satisfies ToJobWorker);
      };
      for (let i = 0; i < Math.min(wanted, batches.length); i++) {
        const w = new Worker(url);
        workers.push(w);
        w.onmessage = (event: MessageEvent<FromJobWorker>) => {
          const m = event.data;
          if (m.kind === "failed") return reject(m.userError ? new UserError(m.message) : new Error(m.message));
          out[m.id] = m.results as R[];
          options.onDone?.(m.results.length);
          if (++done === batches.length) resolve();
          else send(w);
        };
        w.onerror = (event: ErrorEvent) => reject(new Error(`worker crashed: ${event.message}`));
        w.postMessage({ kind: "setup", setup: options.setup } satisfies ToJobWorker);
        send(w);
      }
    });
  } finally {
    for (const w of workers) w.terminate();
  }
  return out.flat();
}
