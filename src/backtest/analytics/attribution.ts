import type * as Arquero from "arquero";
import { numberOfUnits, unitsOf } from "../../core/money-units.ts";
import { toNumber, type Money } from "../../core/money.ts";
import type { TradeRecord } from "../types.ts";

export interface AttributionRow {
  readonly key: string;
  readonly trades: number;
  /** Net P&L (after commissions) in USD, float64 for reporting. */
  readonly pnl: number;
  readonly winRate: number;
  readonly commission: number;
}

export interface Attribution {
  readonly bySymbol: readonly AttributionRow[];
  readonly byStrategy: readonly AttributionRow[];
  /** By the market regime known when the trade was entered ("unknown" while warming up). */
  readonly byRegime: readonly AttributionRow[];
  /** By the month (UTC, YYYY-MM) the trade closed; open trades under "open". */
  readonly byMonth: readonly AttributionRow[];
}

export interface AttributionInput {
  readonly trades: readonly TradeRecord[];
  /** The strategy each trade belongs to (one name for a single-strategy run). */
  readonly strategyOf: (trade: TradeRecord) => string;
  /** The regime label at a time, or undefined when unknown. */
  readonly regimeAt?: ((time: number) => string | undefined) | undefined;
}

type Column = "symbol" | "strategy" | "regime" | "month";

/**
 * arquero, loaded when a rollup is first read: loading it costs ~100 ms of CPU, and the text
 * output of a one-symbol backtest reads none (docs/performance.md, "After the bars").
 */
let loaded: typeof Arquero | undefined;
const arquero = (): typeof Arquero => (loaded ??= require("arquero") as typeof Arquero);

/**
 * P&L attribution of closed and open trades, rolled up with arquero. Each rollup is made when
 * first read (the text report reads only bySymbol; --json and the report read all four), from a
 * table of its key and the shared value columns: a plain backtest does not pay for the others.
 */
export function attribution(input: AttributionInput): Attribution {
  const trades = input.trades;
  let values: { pnl: number[]; win: number[]; commission: number[] } | undefined;
  const valueColumns = () => {
    if (values) return values;
    const pnl = trades.map((t) => amount(t.pnl));
    return (values = { pnl, win: pnl.map((p) => (p > 0 ? 1 : 0)), commission: trades.map((t) => amount(t.commission)) });
  };
  const keys: Record<Column, () => string[]> = {
    symbol: () => trades.map((t) => t.symbol),
    strategy: () => trades.map((t) => input.strategyOf(t)),
    regime: () => trades.map((t) => input.regimeAt?.(t.entryTime) ?? "unknown"),
    month: () => monthsOf(trades),
  };
  const by = (column: Column): AttributionRow[] => {
    if (trades.length === 0) return [];
    const v = valueColumns();
    const { op, table } = arquero();
    const out = table({ [column]: keys[column](), pnl: v.pnl, win: v.win, commission: v.commission })
      .groupby(column)
      .rollup({ trades: op.count(), pnl: op.sum("pnl"), winRate: op.mean("win"), commission: op.sum("commission") })
      .orderby(column)
      .objects() as Record<string, unknown>[];
    return out.map((o) => ({
      key: String(o[column]),
      trades: Number(o["trades"]),
      pnl: round2(Number(o["pnl"])),
      winRate: Number(o["winRate"]),
      commission: round2(Number(o["commission"])),
    }));
  };
  const out = {} as Record<keyof Attribution, readonly AttributionRow[]>;
  const lazy = (name: keyof Attribution, column: Column) => {
    let rows: AttributionRow[] | undefined;
    Object.defineProperty(out, name, { enumerable: true, configurable: true, get: () => (rows ??= by(column)) });
  };
  lazy("bySymbol", "symbol");
  lazy("byStrategy", "strategy");
  lazy("byRegime", "regime");
  lazy("byMonth", "month");
  return out;
}

/** toNumber(m), without a decimal string when the amount is whole units of 1e-8 (the same float64). */
function amount(m: Money): number {
  const units = unitsOf(m);
  return Number.isNaN(units) ? toNumber(m) : numberOfUnits(units);
}

/** "YYYY-MM" (UTC) of each trade's exit, "open" for open trades; one date string per month met. */
function monthsOf(trades: readonly TradeRecord[]): string[] {
  let start = Infinity;
  let end = -Infinity;
  let label = "";
  return trades.map((t) => {
    if (t.exitTime === null) return "open";
    if (!(t.exitTime >= start && t.exitTime < end)) {
      const d = new Date(t.exitTime);
      start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      label = d.toISOString().slice(0, 7);
    }
    return label;
  });
}

const round2 = (v: number) => Math.round(v * 100) / 100;
