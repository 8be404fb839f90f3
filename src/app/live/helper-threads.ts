import { ThreadLowering } from "../../adapters/os/thread-priority.ts";
import { requestSlice, type SliceRequest } from "../../adapters/os/time-slice.ts";
import { UserError } from "../../core/errors.ts";

/**
 * The runtime's helper threads whose work can wait, by their Linux thread names: JavaScriptCore's
 * JIT compiler threads, its warm-up of fresh heap blocks (pages touched ahead of the allocator),
 * and the allocator's (mimalloc) return of freed memory to the system. Together they used as much
 * CPU as the runner's own thread in a 30 s bench session, in bursts of 1-7 ms, and on two cores
 * an order's path waited behind them (docs/performance.md, "Live: the runner's thread and the
 * process's helper threads"). The GC's threads are not among them: the main thread waits for
 * them inside a collection.
 */
const HELPERS: ReadonlySet<string> = new Set(["JITWorker", "JSCWarmUp", "mi-scavenger"]);

/**
 * The runner's helper threads in SCHED_IDLE: they run on a core nothing else wants, and the
 * trading thread (or anything else) takes a core from them at once. `scan` again to catch
 * threads started since (JavaScriptCore stops idle helpers and starts new ones).
 */
export function helperThreads(): { scan(): void; lowered(): number; restore(): void } {
  const lowering = new ThreadLowering((name) => HELPERS.has(name), { kind: "idle" });
  return { scan: () => void lowering.scan(), lowered: () => lowering.lowered, restore: () => void lowering.restore() };
}

/** Helper threads started while no turn trades are caught this often at most. */
export const HELPER_SCAN_MS = 5_000;

/**
 * The trading thread's scheduler slice, µs (ROBOTRADER_RUNNER_SLICE_US; 0 = the system's).
 * Measured in docs/performance.md, "Live: the runner's wake-ups" (engineer lat): with the
 * default slice the thread, woken by its fsync or its socket, waited for a core until the
 * running thread's slice ended at a 4 ms timer tick; a short slice lets it take the core at once.
 */
export const RUNNER_SLICE_US = 100;

/** Asks a short slice for the calling (trading) thread; `restore` when the runner ends. */
export function runnerSlice(env: string | undefined = process.env.ROBOTRADER_RUNNER_SLICE_US): SliceRequest {
  return requestSlice(runnerSliceUs(env));
}

/** ROBOTRADER_RUNNER_SLICE_US read: unset or empty is the default; anything but whole microseconds is an error. */
export function runnerSliceUs(env: string | undefined): number {
  if (env === undefined || env.trim() === "") return RUNNER_SLICE_US;
  if (!/^\d+$/.test(env.trim())) throw new UserError(`ROBOTRADER_RUNNER_SLICE_US must be a whole number of microseconds (0 turns the short slice off), got '${env}'`);
  return Number(env.trim());
}
