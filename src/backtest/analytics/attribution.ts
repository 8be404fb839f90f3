import { op, table } from "arquero";
import { toNumber } from "../../core/money.ts";
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

/** P&L attribution of closed and open trades, rolled up with arquero. */
export function attribution(input: AttributionInput): Attribution {
  const rows = input.trades.map((t) => ({
    symbol: t.symbol,
    strategy: input.strategyOf(t),
    regime: input.regimeAt?.(t.entryTime) ?? "unknown",
    month: t.exitTime === null ? "open" : new Date(t.exitTime).toISOString().slice(0, 7),
    pnl: toNumber(t.pnl),
    win: toNumber(t.pnl) > 0 ? 1 : 0,
    commission: toNumber(t.commission),
  }));
  const data = table({
    symbol: rows.map((r) => r.symbol),
    strategy: rows.map((r) => r.strategy),
    regime: rows.map((r) => r.regime),
    month: rows.map((r) => r.month),
    pnl: rows.map((r) => r.pnl),
    win: rows.map((r) => r.win),
    commission: rows.map((r) => r.commission),
  });
  const by = (column: string): AttributionRow[] => {
    if (rows.length === 0) return [];
    const out = data
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
  return { bySymbol: by("symbol"), byStrategy: by("strategy"), byRegime: by("regime"), byMonth: by("month") };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
