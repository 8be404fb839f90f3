// The walk-forward worker the release binary ships: runs engine backtests for WorkerPool.
// Build it as an extra entrypoint: bun build --compile --root src src/main.ts src/backtest/walk-forward-worker.ts
import { engineRunner, type EngineSetup } from "./engine-runner.ts";
import { serveRunJobs } from "./worker-host.ts";

serveRunJobs((setup) => engineRunner(setup as EngineSetup));
