import type { Bar } from "../../core/bar.ts";
import { toNumber } from "../../core/money.ts";
import { lineChart, type Marker } from "./chart.ts";
import { num, pct, stamp, usd } from "./format.ts";
import { drawdowns } from "../stats/drawdown.ts";
import type { TradeRecord } from "../types.ts";

type Columns = { readonly time: ArrayLike<number>; readonly value: ArrayLike<number> };

/** Trades beyond this many per symbol are not marked (the trades table and --json have them all). */
export const MAX_MARKED_TRADES = 1500;

export function priceChart(symbol: string, index: number, bars: readonly Bar[], trades: readonly TradeRecord[]): { svg: string; marked: number } {
  const times = Float64Array.from(bars, (b) => b.time);
  const closes = Float64Array.from(bars, (b) => b.close);
  const maxClose = closes.reduce((a, b) => Math.max(a, b), 0);
  const mine = trades.filter((t) => t.symbol === symbol).slice(-MAX_MARKED_TRADES);
  const markers: Marker[] = [];
  for (const t of mine) {
    const long = t.side === "long";
    markers.push({
      time: t.entryTime,
      value: toNumber(t.entryPrice),
      shape: long ? "up" : "down",
      cls: long ? "buy" : "sell",
      title: `${long ? "Buy" : "Sell short"} ${t.qty} ${symbol} @ ${usd(t.entryPrice)} on ${stamp(t.entryTime)}`,
    });
    if (t.exitTime !== null && t.exitPrice !== null) {
      markers.push({
        time: t.exitTime,
        value: toNumber(t.exitPrice),
        shape: "exit",
        cls: t.pnl.gte(0) ? "exit-win" : "exit-loss",
        title: `${long ? "Sell" : "Cover"} ${t.qty} ${symbol} @ ${usd(t.exitPrice)} on ${stamp(t.exitTime)}, P&L ${usd(t.pnl)}`,
      });
    }
  }
  const svg = lineChart({
    id: `price-${index}`,
    label: `${symbol} close price with trade entries and exits`,
    height: 300,
    series: [{ times, values: closes, cls: "price" }],
    markers,
    yFormat: (v) => num(v, maxClose >= 100 ? 0 : 2),
  });
  return { svg, marked: mine.length };
}

export function equityChart(equity: Columns, benchmark: Columns | undefined, initialCash: number): string {
  const series = [];
  if (benchmark && benchmark.value.length > 0) {
    // Shown as the same starting capital put into buy-and-hold, whatever units it came in.
    const scale = initialCash / benchmark.value[0]!;
    series.push({ times: benchmark.time, values: Float64Array.from(benchmark.value, (v) => v * scale), cls: "bench" });
  }
  series.push({ times: equity.time, values: equity.value, cls: "equity" });
  return lineChart({ id: "equity", label: "Strategy equity against buy-and-hold", height: 300, series, yFormat: (v) => usd(Math.round(v)).replace(/\.00$/, "") });
}

export function drawdownChart(equity: Columns, benchmark: Columns | undefined, initialCash: number): string {
  const negative = (s: Columns, base: number) => Float64Array.from(drawdowns(s.time, s.value, base).series, (d) => -d);
  const series: { times: ArrayLike<number>; values: Float64Array; cls: string; area?: boolean }[] = [
    { times: equity.time, values: negative(equity, initialCash), cls: "drawdown", area: true },
  ];
  if (benchmark && benchmark.value.length > 0) {
    series.push({ times: benchmark.time, values: negative(benchmark, benchmark.value[0]!), cls: "bench" });
  }
  return lineChart({ id: "drawdown", label: "Drawdown from the running peak", height: 190, series, includeZero: true, yFormat: (v) => pct(v, 0) });
}
