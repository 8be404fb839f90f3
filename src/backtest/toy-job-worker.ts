// A toy mapInWorkers worker for the pool's tests: job k -> k * setup.factor; job 13 fails as a user error.
import { UserError } from "../core/errors.ts";
import { serveJobs } from "./job-worker-host.ts";

serveJobs((setup) => {
  const { factor } = setup as { factor: number };
  return (k) => {
    if (k === 13) throw new UserError("job 13 is unlucky");
    return k * factor;
  };
});
