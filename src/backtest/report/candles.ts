import type { Bar } from "../../core/bar.ts";
import { esc, num, stamp, usd } from "./format.ts";
import type { TradeRecord } from "../types.ts";

/** Candles drawn per report, all symbols together: past it, consecutive bars merge into one candle. */
export const MAX_REPORT_CANDLES = 4000;
/** Trades beyond this many per symbol are not marked (the trades table and --json have them all). */
export const MAX_MARKED_TRADES = 1500;

/** Consecutive bars merged `factor` at a time (open of the first, high/low over all, close of the last, volume summed). */
export function mergeBars(bars: readonly Bar[], max: number): { bars: Bar[]; factor: number } {
  const factor = Math.max(1, Math.ceil(bars.length / Math.max(1, max)));
  if (factor === 1) return { bars: [...bars], factor };
  const out: Bar[] = [];
  for (let i = 0; i < bars.length; i += factor) {
    const group = bars.slice(i, i + factor);
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    for (const b of group) {
      high = Math.max(high, b.high);
      low = Math.min(low, b.low);
      volume += b.volume;
    }
    out.push({ time: group[0]!.time, open: group[0]!.open, high, low, close: group[group.length - 1]!.close, volume });
  }
  return { bars: out, factor };
}

/** The candle a time falls in: the last whose start is at or before it (the first when earlier). */
function candleTime(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return times[lo]!;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * A candlestick chart with volume and trade marks for one symbol: a div the inline script fills,
 * its data as JSON beside it (columns; times in seconds, as the chart library wants).
 */
export function candleSection(symbol: string, index: number, all: readonly Bar[], trades: readonly TradeRecord[], maxCandles: number): string {
  const { bars, factor } = mergeBars(all, maxCandles);
  const times = bars.map((b) => b.time);
  const mine = trades.filter((t) => t.symbol === symbol).slice(-MAX_MARKED_TRADES);
  const marks: (string | number)[][] = [];
  for (const t of mine) {
    if (times.length === 0) break;
    const long = t.side === "long";
    marks.push([candleTime(times, t.entryTime) / 1000, long ? "B" : "S", `${long ? "Buy" : "Sell short"} ${t.qty} @ ${usd(t.entryPrice)} ${stamp(t.entryTime)}`]);
    if (t.exitTime !== null && t.exitPrice !== null) {
      marks.push([candleTime(times, t.exitTime) / 1000, t.pnl.gte(0) ? "W" : "L", `${long ? "Sell" : "Cover"} ${t.qty} @ ${usd(t.exitPrice)} ${stamp(t.exitTime)}, P&L ${usd(t.pnl)}`]);
    }
  }
  const data = {
    t: times.map((t) => t / 1000),
    o: bars.map((b) => round(b.open)),
    h: bars.map((b) => round(b.high)),
    l: bars.map((b) => round(b.low)),
    c: bars.map((b) => round(b.close)),
    v: bars.map((b) => Math.round(b.volume)),
    m: marks,
  };
  const all_ = trades.filter((t) => t.symbol === symbol).length;
  const notes = [
    factor > 1 ? `Each candle merges ${factor} consecutive bars (${num(all.length, 0)} bars shown as ${num(bars.length, 0)} candles to keep the report small).` : "",
    mine.length < all_ ? `Marked the last ${mine.length} of ${all_} trades.` : "",
  ].filter((n) => n);
  const id = `candles-${index}`;
  return (
    `<section><h2>${esc(symbol)} candles, volume and trades${legend(mine)}</h2>` +
    notes.map((n) => `<p class="note">${esc(n)}</p>`).join("") +
    `<p class="note">Scroll to zoom, drag to pan, double-click the time axis to reset.</p>` +
    `<div class="lwc candles" id="${id}" data-symbol="${esc(symbol)}" data-candles="${bars.length}" data-marks="${marks.length}"></div>` +
    `<script type="application/json" id="${id}-data">${json(data)}</script></section>`
  );
}

/** JSON safe inside a script element. */
export function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Only the marks the chart shows: a long-only run has no "Sell short", a run without exits no exit dots. */
function legend(trades: readonly TradeRecord[]): string {
  const items: [string, string][] = [];
  if (trades.some((t) => t.side === "long")) items.push(["tri buy", "Buy"]);
  if (trades.some((t) => t.side !== "long")) items.push(["tri sell", "Sell short"]);
  if (trades.some((t) => t.exitTime !== null && t.pnl.gte(0))) items.push(["dot win", "Exit, win"]);
  if (trades.some((t) => t.exitTime !== null && t.pnl.lt(0))) items.push(["dot loss", "Exit, loss"]);
  return items.length === 0 ? "" : `<span class="legend">${items.map(([cls, label]) => `<span><i class="${cls}"></i>${label}</span>`).join("")}</span>`;
}
