// The walk-forward worker the release binary ships: in-sample engine backtests for evaluateInWorkers.
// Built as an extra entrypoint (scripts/build.ts).
import { engineRunner, type EngineSetup } from "./engine-runner.ts";
import { serveStatsJobs } from "./worker-host.ts";

serveStatsJobs((setup) => engineRunner(setup as EngineSetup));
