// A `backtest --each` worker: runs whole single-symbol backtests for mapInWorkers (each.ts). The
// compiled binary ships it as an extra entrypoint (scripts/build.ts).
import { serveJobs } from "../../backtest/job-worker-host.ts";
import type { AppConfig } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import { runOne } from "./each.ts";
import type { BacktestRequest } from "./backtest-request.ts";

serveJobs((raw) => {
  const setup = raw as { config: AppConfig; request: Omit<BacktestRequest, "onProgress">; quiet: boolean };
  const log = createLogger({ quiet: setup.quiet });
  const shared = {};
  return (k) => runOne(setup.config, setup.request, k, log, shared);
});
