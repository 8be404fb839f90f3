import type { Money } from "../core/money.ts";

/** A round trip (or an open position at the end: exit fields null, valued at the last close). */
export interface TradeRecord {
  readonly symbol: string;
  readonly side: "long" | "short";
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: Money;
  readonly exitTime: number | null;
  readonly exitPrice: Money | null;
  /** Net of both legs' commissions; for an open trade, unrealized at the last close. */
  readonly pnl: Money;
  /** Entry + exit commissions paid. */
  readonly commission: Money;
}

/** Equity at the close of each bar time (float64: statistics and charts only; cash stays exact). */
export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
}

/** Equity as two aligned columns (the engine's native form; no object per bar). */
export interface EquityColumns {
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

/** Points -> columns (walk-forward and older callers hand points). */
export function equityColumns(series: readonly EquityPoint[] | EquityColumns): EquityColumns {
  if (!Array.isArray(series)) return series as EquityColumns;
  const points = series as readonly EquityPoint[];
  return { time: Float64Array.from(points, (p) => p.time), equity: Float64Array.from(points, (p) => p.equity) };
}

/** An order a risk rule refused (rule and reason as `run` logs and stores them). */
export interface BacktestRefusal {
  /** The intent's key (as run would have stored it). */
  readonly key: string;
  /** The signal bar's time. */
  readonly time: number;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly qty: number;
  readonly rule: string;
  readonly reason: string;
  readonly limit?: number | string;
  readonly actual?: number | string;
}

/** A protective exit that fired on a bar's close: sent (key) or refused by a rule. */
export interface BacktestExit {
  readonly time: number;
  readonly symbol: string;
  readonly reason: "stop-loss" | "take-profit" | "trailing-stop";
  readonly side: "buy" | "sell";
  readonly qty: number;
  readonly close: number;
  /** The level crossed, as a decimal string. */
  readonly trigger: string;
  readonly key: string | null;
  readonly refused: { readonly rule: string; readonly reason: string } | null;
}
