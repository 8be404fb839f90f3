import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { systemClock } from "../../adapters/clock/system-clock.ts";
import { fetchPacedHistory } from "../../adapters/ib/data/live-market-data-backfill.ts";
import type { HistoricalPacer } from "../../adapters/ib/requests/pacer.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../log/logger.ts";

const FIVE_SECONDS = 5_000;

/**
 * `run --replay-clock`: market time for a gateway that replays history at its own pace (a
 * `robotrader sim-gateway` in another process). IB's reqCurrentTime is the gateway's wall
 * clock even there, so the only trustworthy replay time is the data: the end of the latest
 * 5-second bar the gateway has sent. It starts from a one-off probe (the gateway's latest
 * 5-second history bar) and only moves forward; between bars it stands still, which for a
 * replay is exact to 5 seconds of market time.
 */
export class ReplayClock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** A bar that ends at `end` (epoch ms) arrived from the gateway. */
  observe(end: number): void {
    if (end > this.#now) this.#now = end;
  }
}

/** Asks the gateway for its latest 5-second bars of `symbol`: the last one's end is its market time now. */
export async function probeReplayClock(conn: IbConnection, pacer: HistoricalPacer, symbol: string, o: { readonly log: Logger; readonly signal?: AbortSignal | undefined }): Promise<ReplayClock> {
  const result = await fetchPacedHistory(conn, pacer, { symbol, barSize: "5s", duration: { count: 600, unit: "S" }, useRth: true }, {
    clock: systemClock, ...(o.signal ? { signal: o.signal } : {}),
    onWait: (ms) => o.log.warn(`--replay-clock: the gateway refused the clock probe for pacing (162; the same request within 15 s, as after a quick restart); asking again in ${Math.round(ms / 1000)} s`),
  });
  if (!result.ok) throw new UserError(`--replay-clock: could not read the gateway's replay time from ${symbol}'s latest 5-second bars: ${result.error.message}`);
  const last = result.value.bars.at(-1);
  if (!last) throw new UserError(`--replay-clock: the gateway sent no 5-second bars for ${symbol}, so its replay time is unknown`);
  return new ReplayClock(last.time + FIVE_SECONDS);
}
