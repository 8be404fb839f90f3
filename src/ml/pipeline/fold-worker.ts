// A cross-validation worker: fits (candidate, fold) jobs for mapInWorkers (fold-pool.ts). The
// compiled binary ships it as an extra entrypoint (scripts/build.ts).
import { serveJobs } from "../../backtest/job-worker-host.ts";
import { foldRunner, type FoldSetup } from "./fold-wire.ts";

serveJobs((setup) => foldRunner(setup as FoldSetup));
