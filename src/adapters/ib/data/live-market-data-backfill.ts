import type { Clock } from "../../../core/clock.ts";
import type { IbConnection } from "../connection/connection.ts";
import { fetchHistoricalBars, type HistoricalBars, type HistoricalRequest } from "./historical.ts";
import type { HistoricalPacer } from "../requests/pacer.ts";
import { retryPacing } from "../requests/pacing-retry.ts";
import type { IbResult } from "../result.ts";

/**
 * One history request that survives IB's pacing refusal (162). IB paces per login, so a
 * runner restarted within 15 s sends the very requests its predecessor just sent, which our
 * own pacer never saw; IB refuses them as identical. They are asked again on the one pacing
 * schedule (requests/pacing-retry.ts; the wait ends at once when `signal` aborts); `onWait`
 * says so.
 */
export async function fetchPacedHistory(
  conn: IbConnection,
  pacer: HistoricalPacer,
  request: HistoricalRequest,
  o: { readonly clock: Clock; readonly retryMs?: readonly number[]; readonly signal?: AbortSignal; readonly onWait?: (ms: number, attempt: number) => void },
): Promise<IbResult<HistoricalBars>> {
  const withSignal = o.signal ? { ...request, signal: o.signal } : request;
  return retryPacing(() => fetchHistoricalBars(conn, pacer, withSignal), {
    clock: o.clock, signal: o.signal, ...(o.retryMs ? { schedule: o.retryMs } : {}), ...(o.onWait ? { onWait: o.onWait } : {}),
  });
}
