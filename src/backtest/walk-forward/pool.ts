import { mapInWorkers, workerEntry } from "../job-pool.ts";
import type { EvaluateBacktests, RunJob, StatsContext } from "./walk-forward.ts";
import { statsFromWire, type WireStats } from "./wire.ts";

/** What every walk-forward worker is sent once: its runner's setup and the jobs whose numbers it gets. */
export interface StatsJobsSetup {
  readonly runner: unknown;
  readonly jobs: readonly RunJob[];
  readonly context: StatsContext;
}

/**
 * In-sample evaluation on `size` Bun Workers (mapInWorkers): the worker at `worker` (its path
 * under src/, served by serveStatsJobs) builds a runner from `runner` once and sends back each
 * job's statistics. Results come in the jobs' order, the same as evaluateWith's in this thread.
 */
export function evaluateInWorkers(worker: string, runner: unknown, size: number): EvaluateBacktests {
  return async (jobs, context, onDone) => {
    const setup: StatsJobsSetup = { runner, jobs, context };
    const wire = await mapInWorkers<WireStats>(workerEntry(worker), jobs.map((_, k) => k), { setup, size, onDone });
    return wire.map(statsFromWire);
  };
}
