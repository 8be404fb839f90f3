import type { Clock } from "../../../core/clock.ts";
import { isPacingViolation } from "../error-codes.ts";
import type { IbFailure, IbResult } from "../result.ts";
import { abortableSleep } from "./pacer.ts";

/**
 * The one retry schedule for a history request IB refused for pacing (162): the waits
 * before each new attempt. IB paces per login, so an earlier run or another program can use
 * up windows our own pacer never saw: first past the identical-request window (15 s, plus a
 * second: a request sent exactly as it closes can land inside it), then its short window
 * (1 min), then its 10-minute one. Used by `data fetch` and by the live backfill.
 */
export const PACING_RETRY_MS: readonly number[] = [16_000, 60_000, 600_000];

export function isPacingRefusal(result: IbResult<unknown>): boolean {
  return !result.ok && isPacingViolation(result.error.code, result.error.message);
}

export interface PacingRetryOptions {
  readonly clock: Clock;
  /** Default PACING_RETRY_MS (tests shorten it). */
  readonly schedule?: readonly number[];
  /** Ends a wait at once; the last result is returned. */
  readonly signal?: AbortSignal | undefined;
  /** Told before each wait: how long, which retry (1-based), of how many, and the refusal. */
  readonly onWait?: (ms: number, attempt: number, of: number, refused: IbFailure) => void;
}

/** Runs `attempt` until it is not refused for pacing or the schedule runs out. */
export async function retryPacing<T>(attempt: () => Promise<IbResult<T>>, o: PacingRetryOptions): Promise<IbResult<T>> {
  const schedule = o.schedule ?? PACING_RETRY_MS;
  for (let n = 0; ; n++) {
    const result = await attempt();
    const wait = schedule[n];
    if (result.ok || !isPacingRefusal(result) || wait === undefined || o.signal?.aborted) return result;
    o.onWait?.(wait, n + 1, schedule.length, result.error);
    if (!(await abortableSleep(o.clock, wait, o.signal))) return result;
  }
}
