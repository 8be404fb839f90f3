import { isUserError } from "../../core/errors.ts";
import { evaluateWith, type RunBacktest } from "./walk-forward.ts";
import { statsToWire, toWire, type FromWorker, type ToWorker } from "./wire.ts";

declare const self: Worker;

/**
 * The body of a walk-forward worker: waits for its setup (data and fixed options, sent once),
 * builds a runner from it, then runs jobs one message at a time and posts each result back: a
 * whole run (equity and trades) or, for a batch of in-sample runs, just their statistics.
 */
export function serveRunJobs(createRunner: (setup: unknown) => RunBacktest): void {
  let runner: RunBacktest | undefined;
  let setupError: unknown;
  const reply = (message: FromWorker) => self.postMessage(message);
  self.onmessage = async (event: MessageEvent<ToWorker>) => {
    const message = event.data;
    if (message.kind === "setup") {
      try {
        runner = createRunner(message.setup);
      } catch (error) {
        setupError = error; // reported with the first job, which has an id to fail
      }
      return;
    }
    try {
      if (setupError !== undefined) throw setupError;
      if (!runner) throw new Error("walk-forward worker: job before setup");
      if (message.kind === "run") {
        reply({ kind: "done", id: message.id, result: toWire(await runner(message.job)) });
      } else {
        const stats = await evaluateWith(runner)(message.jobs, message.context);
        reply({ kind: "stats-done", id: message.id, stats: stats.map(statsToWire) });
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      reply({ kind: "failed", id: message.id, message: text, userError: isUserError(error) });
    }
  };
}
