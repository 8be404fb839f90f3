import { attribution, type AttributionRow } from "../../../backtest/analytics/attribution.ts";
import type { TradeRecord } from "../../../backtest/types.ts";
import { money } from "../../../core/money.ts";
import type { Db } from "../db.ts";
import { realizedFills, runEquityCurve } from "../performance-repo.ts";

export interface PerformanceView {
  /** The newest run's equity snapshots: return since its first one and the deepest drawdown; null without snapshots. */
  readonly equity: { readonly runId: number | null; readonly from: number; readonly to: number; readonly totalReturn: number; readonly maxDrawdown: number; readonly snapshots: number } | null;
  /** Realized P&L as stored with each closing fill, by symbol, strategy and month (commission beside it). */
  readonly bySymbol: readonly AttributionRow[];
  readonly byStrategy: readonly AttributionRow[];
  readonly byMonth: readonly AttributionRow[];
  readonly closingFills: number;
}

/** The page's performance panel: only figures the store holds (no made-up numbers). */
export function readPerformance(db: Db): PerformanceView {
  const curve = runEquityCurve(db);
  let equity: PerformanceView["equity"] = null;
  const n = curve.time.length;
  if (n > 0 && curve.equity[0]! > 0) {
    let peak = -Infinity;
    let maxDrawdown = 0;
    for (const e of curve.equity) {
      peak = Math.max(peak, e);
      maxDrawdown = Math.max(maxDrawdown, peak > 0 ? 1 - e / peak : 0);
    }
    equity = { runId: curve.runId, from: curve.time[0]!, to: curve.time[n - 1]!, totalReturn: curve.equity[n - 1]! / curve.equity[0]! - 1, maxDrawdown, snapshots: n };
  }
  const fills = realizedFills(db);
  // Each closing fill as a trade record, so the backtest's attribution serves live runs too.
  const trades: TradeRecord[] = fills.map((f) => ({
    symbol: f.symbol,
    side: "long",
    qty: 0,
    entryTime: f.time,
    entryPrice: money(0),
    exitTime: f.time,
    exitPrice: money(0),
    pnl: f.realizedPnl,
    commission: f.commission,
  }));
  const strategyOf = new Map(trades.map((t, i) => [t, fills[i]!.strategy]));
  const a = attribution({ trades, strategyOf: (t) => strategyOf.get(t) ?? "unknown" });
  return { equity, bySymbol: a.bySymbol, byStrategy: a.byStrategy, byMonth: a.byMonth, closingFills: fills.length };
}

/** Scans the run's snapshots and the closing fills: at most every 15 s for the live page. */
export class PerformanceReader {
  #last: { at: number; view: PerformanceView } | undefined;

  read(db: Db, now: number): PerformanceView {
    if (this.#last && now - this.#last.at < 15_000) return this.#last.view;
    this.#last = { at: now, view: readPerformance(db) };
    return this.#last.view;
  }
}
