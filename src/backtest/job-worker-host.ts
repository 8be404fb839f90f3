import { isUserError } from "../core/errors.ts";
import type { FromJobWorker, JobErrorKind, ToJobWorker } from "./job-pool.ts";

declare const self: Worker;

/**
 * The body of a mapInWorkers worker: builds a job runner from the setup (sent once), then runs
 * each batch of job numbers in order and posts their results back (structured-clone values).
 */
export function serveJobs(create: (setup: unknown) => (job: number) => unknown): void {
  let run: ((job: number) => unknown) | undefined;
  let setupError: unknown;
  self.onmessage = async (event: MessageEvent<ToJobWorker>) => {
    const m = event.data;
    if (m.kind === "setup") {
      try {
        run = create(m.setup);
      } catch (error) {
        setupError = error; // reported with the first batch, which has an id to fail
      }
      return;
    }
    try {
      if (setupError !== undefined) throw setupError;
      if (!run) throw new Error("worker: jobs before setup");
      const results: unknown[] = [];
      for (const job of m.jobs) results.push(await run(job));
      self.postMessage({ kind: "done", id: m.id, results } satisfies FromJobWorker);
    } catch (error) {
      self.postMessage({ kind: "failed", id: m.id, message: error instanceof Error ? error.message : String(error), error: errorKind(error) } satisfies FromJobWorker);
    }
  };
}

function errorKind(error: unknown): JobErrorKind {
  return isUserError(error) ? "user" : error instanceof RangeError ? "range" : "other";
}
