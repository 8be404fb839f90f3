import type { Clock } from "../clock.ts";
import type { IbConnection } from "../connection/connection.ts";
import { fetchHistoricalBars, type HistoricalBars, type HistoricalRequest } from "./historical.ts";
import { abortableSleep, type HistoricalPacer } from "../requests/pacer.ts";
import type { IbResult } from "../result.ts";

/** Waits before asking again after a 162 pacing refusal: IB's identical-request window (15 s), then its short one. */
export const BACKFILL_PACING_RETRY_MS: readonly number[] = [16_000, 60_000];

export function isPacingRefusal(result: IbResult<unknown>): boolean {
  return !result.ok && result.error.code === 162 && /pacing/i.test(result.error.message);
}

/**
 * One history request that survives IB's pacing refusal (162). IB paces per login, so a
 * runner restarted within 15 s sends the very requests its predecessor just sent, which our
 * own pacer never saw; IB refuses them as identical. They are asked again after each wait
 * in `retryMs` (the wait ends at once when `signal` aborts); `onWait` says so.
 */
export async function fetchPacedHistory(
  conn: IbConnection,
  pacer: HistoricalPacer,
  request: HistoricalRequest,
  o: { readonly clock: Clock; readonly retryMs?: readonly number[]; readonly signal?: AbortSignal; readonly onWait?: (ms: number, attempt: number) => void },
): Promise<IbResult<HistoricalBars>> {
  const retries = o.retryMs ?? BACKFILL_PACING_RETRY_MS;
  const withSignal = o.signal ? { ...request, signal: o.signal } : request;
  for (let attempt = 0; ; attempt++) {
    const result = await fetchHistoricalBars(conn, pacer, withSignal);
    const wait = retries[attempt];
    if (!isPacingRefusal(result) || wait === undefined) return result;
    o.onWait?.(wait, attempt + 1);
    if (!(await abortableSleep(o.clock, wait, o.signal))) return result;
  }
}
