// Worker for tests and the compiled-binary probe: runs the toy strategy on the time line it is sent.
import { serveStatsJobs } from "./worker-host.ts";
import { toyRunner } from "./toy-runner.ts";

serveStatsJobs((setup) => {
  const times = (setup as { times?: unknown }).times;
  if (!(times instanceof Float64Array)) throw new Error("toy worker: setup.times must be a Float64Array");
  return toyRunner(times);
});
