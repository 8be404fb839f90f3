import { workerEntry } from "../../core/worker-entry.ts";
import { mapInWorkers } from "../job-pool.ts";
import { statsOfJob, type EvaluateBacktests, type RunBacktest, type RunJob, type StatsContext } from "./walk-forward.ts";
import { statsFromWire, statsToWire, type WireStats } from "./wire.ts";

/** What every walk-forward worker is sent once: its runner's setup and the jobs whose numbers it gets. */
export interface StatsJobsSetup {
  readonly runner: unknown;
  readonly jobs: readonly RunJob[];
  readonly context: StatsContext;
}

/**
 * In-sample evaluation on `size` threads (mapInWorkers): the worker at `worker` (its path
 * under src/, served by serveStatsJobs) builds a runner from `runner` once and sends back each
 * job's statistics. This thread is one of the `size`, running jobs with `here` (the same runner,
 * built here: one worker fewer to load). Results come in the jobs' order, as evaluateWith's.
 */
export function evaluateInWorkers(worker: string, runner: unknown, size: number, here: RunBacktest): EvaluateBacktests {
  return async (jobs, context, onDone) => {
    const setup: StatsJobsSetup = { runner, jobs, context };
    const local = async (k: number) => statsToWire(await statsOfJob(here, jobs[k]!, context));
    const wire = await mapInWorkers<WireStats>(workerEntry(worker), jobs.map((_, k) => k), { setup, size, onDone, here: local });
    return wire.map(statsFromWire);
  };
}
