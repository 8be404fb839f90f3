import { BarSizeSetting, EventName, WhatToShow } from "@stoqey/ib";
import { isDateBarSize, type Bar, type BarSize } from "../../../core/bar.ts";
import { systemClock } from "../../clock/system-clock.ts";
import type { IbConnection } from "../connection/connection.ts";
import { barFromIb } from "../parse/bar.ts";
import { isSmallBarSize, toIbBarSize } from "../parse/bar-size.ts";
import { stockContract } from "../parse/contract.ts";
import { formatDuration, type Duration } from "../parse/duration.ts";
import { formatIbEndDateTime, parseIbDate } from "../parse/ib-date.ts";
import type { HistoricalPacer, HistoricalRequestKey } from "../requests/pacer.ts";
import { fail, ok, type IbFailure, type IbResult } from "../result.ts";

export interface HistoricalRequest {
  readonly symbol: string;
  readonly barSize: BarSize;
  readonly duration: Duration;
  /** Epoch ms of the last bar's end; undefined = now. */
  readonly endTime?: number;
  readonly whatToShow?: "TRADES" | "MIDPOINT" | "ADJUSTED_LAST";
  /** Regular trading hours only (default true). */
  readonly useRth?: boolean;
  readonly timeoutMs?: number;
  /** Stops a pacing wait or an open request (Ctrl-C): the result is a "cancelled" failure. */
  readonly signal?: AbortSignal;
}

export interface HistoricalBars {
  readonly bars: Bar[];
  /** Rows IB sent that broke bar rules; they are not in `bars`. */
  readonly refused: string[];
  /**
   * End of the window IB answered for (its "finished-start-end" marker): IB's current time when
   * the request ended at "now". A bar that starts less than one bar size before it is unfinished.
   */
  readonly windowEnd?: number;
}

/** The end time in IB's "finished-<start>-<end>" marker (either date may hold a dash itself). */
export function parseWindowEnd(marker: string): number | undefined {
  const rest = marker.replace(/^finished-?/, "");
  for (let i = rest.indexOf("-"); i >= 0; i = rest.indexOf("-", i + 1)) {
    const start = parseIbDate(rest.slice(0, i));
    const end = parseIbDate(rest.slice(i + 1));
    if (start !== undefined && end !== undefined) return end;
  }
  return undefined;
}

export function describeHistorical(r: HistoricalRequest): string {
  const end = r.endTime === undefined ? "now" : formatIbEndDateTime(r.endTime);
  return `historical ${r.symbol} ${toIbBarSize(r.barSize)} ${formatDuration(r.duration)} to ${end}`;
}

export function pacingKey(r: HistoricalRequest): HistoricalRequestKey {
  const what = r.whatToShow ?? "TRADES";
  return { identity: describeHistorical(r) + ` ${what} ${r.useRth ?? true}`, contract: `${r.symbol}:SMART:${what}`, smallBars: isSmallBarSize(r.barSize) };
}

/**
 * One historical-bars request through the pacer. IB's errors for it (162 pacing, 200 no
 * such contract, 366 ...) come back as a failed result; so do a drop and a timeout.
 */
export async function fetchHistoricalBars(conn: IbConnection, pacer: HistoricalPacer, r: HistoricalRequest): Promise<IbResult<HistoricalBars>> {
  const request = describeHistorical(r);
  const stopped = () => fail({ kind: "cancelled", code: 0, message: "stopped before IB answered", request });
  if ((await pacer.acquire(pacingKey(r), r.signal)) === undefined) return stopped();
  try {
    const api = conn.api;
    if (!api || !conn.isReady) return fail({ kind: "disconnected", code: 504, message: "not connected to TWS / IB Gateway", request });
    const reqId = conn.nextReqId();
    return await new Promise<IbResult<HistoricalBars>>((resolve) => {
      const bars: Bar[] = [];
      const refused: string[] = [];
      let settled = false;
      const finish = (result: IbResult<HistoricalBars>) => {
        if (settled) return;
        settled = true;
        cancelTimer();
        r.signal?.removeEventListener("abort", onAbort);
        api.off(EventName.historicalData, onBar);
        conn.registry.remove(reqId);
        resolve(result);
      };
      const onBar = (id: number, date: string, open: number, high: number, low: number, close: number, volume: number) => {
        if (id !== reqId) return;
        if (typeof date === "string" && date.startsWith("finished")) {
          const windowEnd = parseWindowEnd(date);
          finish(ok(windowEnd === undefined ? { bars, refused } : { bars, refused, windowEnd }));
          return;
        }
        const bar = barFromIb(date, open, high, low, close, volume);
        if (typeof bar === "string") refused.push(bar);
        else bars.push(bar);
      };
      const cancel = () => {
        try {
          api.cancelHistoricalData(reqId);
        } catch {
          // Cancelling on a dead socket is moot.
        }
      };
      const timeoutMs = r.timeoutMs ?? 60_000;
      const cancelTimer = systemClock.setTimer(timeoutMs, () => {
        cancel();
        finish(fail({ kind: "timeout", code: 0, message: `no answer within ${timeoutMs} ms`, request }));
      });
      const onAbort = () => {
        cancel();
        finish(stopped());
      };
      if (r.signal?.aborted) return finish(stopped());
      r.signal?.addEventListener("abort", onAbort, { once: true });
      conn.registry.add(reqId, request, (failure: IbFailure) => finish(fail(failure)));
      api.on(EventName.historicalData, onBar);
      api.reqHistoricalData(
        reqId,
        stockContract(r.symbol),
        r.endTime === undefined ? "" : formatIbEndDateTime(r.endTime),
        formatDuration(r.duration),
        toIbBarSize(r.barSize) as BarSizeSetting,
        (r.whatToShow ?? "TRADES") as WhatToShow,
        r.useRth ?? true ? 1 : 0,
        isDateBarSize(r.barSize) ? 1 : 2,
        false,
      );
    });
  } finally {
    pacer.finish();
  }
}
