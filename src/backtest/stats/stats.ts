import { toNumber, type Money } from "../../core/money.ts";
import { seriesFigures, seriesStats, type SeriesStats } from "./series.ts";
import { HeldColumns } from "./benchmark.ts";
import { exposureFromSeries, exposureFromTrades, tradeStats, type TradeStats } from "./trades.ts";
import type { EquityPoint, TradeRecord } from "../types.ts";

/** A value series as points, or as two aligned typed arrays (the engine's native form). */
export type ValueSeries = readonly EquityPoint[] | { readonly time: ArrayLike<number>; readonly equity: ArrayLike<number> };

export interface StatsInput {
  /** Equity at each bar's close. */
  readonly equity: ValueSeries;
  readonly trades: readonly TradeRecord[];
  /** Capital before the first bar: the base of every return. */
  readonly initialCash: number | Money;
  /** Buy-and-hold of the same symbols (see buyAndHoldEquity); measured from its first point. */
  readonly benchmark?: ValueSeries | undefined;
  /** 252 for daily bars; see barsPerYear() for intraday sizes. */
  readonly barsPerYear: number;
  /** Annual rate, e.g. 0.02; default 0. */
  readonly riskFreeRate?: number | undefined;
  /** Per-bar "in the market" flags (a Uint8Array: 0 or 1 each); without it exposure is derived from the trades' times. */
  readonly exposure?: ArrayLike<number | boolean> | undefined;
}

export interface Stats extends SeriesStats, TradeStats {
  readonly barsPerYear: number;
  readonly riskFreeRate: number;
  /** Fraction of bars with an open position at the close; null for an empty run. */
  readonly exposure: number | null;
  /**
   * One-way turnover per year: (tradedValue / 2) / mean(equity) / years. 1.0 means the portfolio's
   * worth was bought and sold once a year. Null for an empty run.
   */
  readonly turnover: number | null;
  /** The same return and drawdown figures for buy-and-hold; null when no benchmark was given. */
  readonly benchmark: SeriesStats | null;
}

export function computeStats(input: StatsInput): Stats {
  const riskFreeRate = input.riskFreeRate ?? 0;
  const { time, value } = columns(input.equity);
  const base = typeof input.initialCash === "number" ? input.initialCash : toNumber(input.initialCash);
  const { stats: series, sumValues } = seriesFigures({ times: time, values: value, base, barsPerYear: input.barsPerYear, riskFreeRate });
  const trades = tradeStats(input.trades);
  const exposure = input.exposure ? exposureFromSeries(input.exposure) : exposureFromTrades(time, input.trades);
  let benchmark: SeriesStats | null = null;
  if (input.benchmark instanceof HeldColumns) {
    const b = input.benchmark;
    // Its equity is 0 + shares x close at every bar: read in place, never made for the statistics.
    if (b.close.length > 0) {
      benchmark = seriesStats({ times: b.time, values: b.close, scale: b.shares, base: 0 + b.shares * b.close[0]!, barsPerYear: input.barsPerYear, riskFreeRate });
    }
  } else if (input.benchmark) {
    const b = columns(input.benchmark);
    if (b.value.length > 0) {
      benchmark = seriesStats({ times: b.time, values: b.value, base: b.value[0]!, barsPerYear: input.barsPerYear, riskFreeRate });
    }
  }
  return {
    ...series,
    ...trades,
    barsPerYear: input.barsPerYear,
    riskFreeRate,
    exposure,
    turnover: series.notAnnualized === null ? turnover(toNumber(trades.tradedValue), sumValues, value.length, series.years) : null,
    benchmark,
  };
}

/** `sumValues`: the equity's sum over its `bars` values, in bar order. */
function turnover(tradedValue: number, sumValues: number, bars: number, years: number): number | null {
  if (bars === 0 || years <= 0) return null;
  const meanEquity = sumValues / bars;
  return meanEquity > 0 ? tradedValue / 2 / meanEquity / years : null;
}

export function columns(series: ValueSeries): { time: ArrayLike<number>; value: ArrayLike<number> } {
  if ("time" in series && "equity" in series && !Array.isArray(series)) {
    const s = series as { readonly time: ArrayLike<number>; readonly equity: ArrayLike<number> };
    if (s.time.length !== s.equity.length) {
      throw new RangeError(`equity series: ${s.time.length} times but ${s.equity.length} values`);
    }
    return { time: s.time, value: s.equity };
  }
  const points = series as readonly EquityPoint[];
  const time = new Float64Array(points.length);
  const value = new Float64Array(points.length);
  points.forEach((p, i) => {
    time[i] = p.time;
    value[i] = p.equity;
  });
  return { time, value };
}
