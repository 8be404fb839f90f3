// A toy mapInWorkers worker for the pool's tests: job k -> k * setup.factor; job 13 fails as a user
// error, job 14 with a RangeError, job 15 with another Error.
import { UserError } from "../core/errors.ts";
import { serveJobs } from "./job-worker-host.ts";

serveJobs((setup) => {
  const { factor } = setup as { factor: number };
  return (k) => {
    if (k === 13) throw new UserError("job 13 is unlucky");
    if (k === 14) throw new RangeError("job 14 is out of range");
    if (k === 15) throw new TypeError("job 15 is broken");
    return k * factor;
  };
});
