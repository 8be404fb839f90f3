import type { Bar } from "../../../core/bar.ts";
import type { WireBar } from "../out/market.ts";
import { easternText, ymd } from "./eastern-time.ts";
import { halfSpread, round2 } from "./quotes.ts";

export type WhatToShow = "TRADES" | "MIDPOINT" | "BID" | "ASK" | "BID_ASK" | "ADJUSTED_LAST";
export const WHAT_TO_SHOW: readonly WhatToShow[] = ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST"];

/** IB's bar date: daily "yyyymmdd" always; intraday "yyyymmdd hh:mm:ss US/Eastern" or epoch seconds (formatDate 2). */
export function barDate(bar: Bar, daily: boolean, formatDate: number): string {
  if (daily) return ymd(bar.time);
  return formatDate === 2 ? String(Math.floor(bar.time / 1000)) : `${easternText(bar.time)} US/Eastern`;
}

/**
 * Turns a replayed bar into what IB sends for `whatToShow`. TRADES/ADJUSTED_LAST: the bar,
 * WAP ~ typical price, count ~ volume/100 (SIMULATED: the source has neither). Quote types
 * shift prices by the simulated half spread and carry volume/WAP/count -1, as IB does.
 */
export function toWireBar(bar: Bar, what: WhatToShow, date: string): WireBar {
  if (what === "TRADES" || what === "ADJUSTED_LAST") {
    const wap = Math.round(((bar.high + bar.low + bar.close) / 3) * 10000) / 10000;
    return { ...bar, date, wap, count: Math.max(1, Math.round(bar.volume / 100)) };
  }
  const shift = (p: number) => (what === "BID" ? round2(p - halfSpread(p)) : what === "ASK" ? round2(p + halfSpread(p)) : p);
  if (what === "BID_ASK") {
    // IB: open = avg bid, high = max ask, low = min bid, close = avg ask.
    return { time: bar.time, date, open: round2(bar.close - halfSpread(bar.close)), high: round2(bar.high + halfSpread(bar.high)), low: round2(bar.low - halfSpread(bar.low)), close: round2(bar.close + halfSpread(bar.close)), volume: -1, wap: -1, count: -1 };
  }
  return { time: bar.time, date, open: shift(bar.open), high: shift(bar.high), low: shift(bar.low), close: shift(bar.close), volume: -1, wap: -1, count: -1 };
}
