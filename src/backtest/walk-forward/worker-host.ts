import { serveJobs } from "../job-worker-host.ts";
import type { StatsJobsSetup } from "./pool.ts";
import { statsOfJob, type RunBacktest } from "./walk-forward.ts";
import { statsToWire } from "./wire.ts";

/**
 * The body of a walk-forward worker (see evaluateInWorkers): builds a runner from the setup's
 * `runner` once, then answers job number k with the statistics of the setup's job k.
 */
export function serveStatsJobs(createRunner: (setup: unknown) => RunBacktest): void {
  serveJobs((raw) => {
    const { runner, jobs, context } = raw as StatsJobsSetup;
    const run = createRunner(runner);
    return async (k) => statsToWire(await statsOfJob(run, jobs[k]!, context));
  });
}
