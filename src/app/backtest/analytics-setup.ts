import { portfolioAnalytics, withByStrategy, type PortfolioAnalytics } from "../../backtest/analytics/analytics.ts";
import { attribution } from "../../backtest/analytics/attribution.ts";
import type { SymbolSeries } from "../../backtest/historical-feed.ts";
import type { TradeRecord } from "../../backtest/types.ts";
import { barSizeMs, type BarSize } from "../../core/bar.ts";
import type { AppConfig } from "../../config/schema.ts";
import { labelText } from "../../regime/labels.ts";
import { RegimeTimeline } from "../../regime/regime-timeline.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { DEFAULT_REGIME_INDEX, indexColumns } from "./regime-setup.ts";

export interface AnalyticsRequest {
  /** --benchmark SYMBOL: alpha, beta, information ratio, tracking error against it. */
  readonly benchmark?: string | undefined;
  /** --risk-free, annual fraction (0.04 for 4%). */
  readonly riskFreeRate: number;
  /** Index whose rules regime attributes trades (default SPX); unknown when it cannot be loaded. */
  readonly regimeIndex?: string | undefined;
}

/** Analytics of a finished backtest; the benchmark must load (UserError), the regime index may not. */
export function backtestAnalytics(input: {
  readonly config: Pick<AppConfig, "dataDir">;
  readonly request: AnalyticsRequest;
  readonly series: readonly SymbolSeries[];
  readonly barSize: BarSize;
  readonly db: Db | undefined;
  readonly equity: { readonly time: ArrayLike<number>; readonly equity: ArrayLike<number> };
  readonly trades: readonly TradeRecord[];
  readonly strategy: string;
  /** Several strategies in one account: each one's own round trips (its own book), for attribution by strategy. */
  readonly strategyTrades?: readonly { readonly strategy: string; readonly trades: readonly TradeRecord[] }[] | undefined;
  readonly barsPerYear: number;
}): PortfolioAnalytics {
  const { config, request, series, barSize, db } = input;
  const regimeIndex = request.regimeIndex ?? DEFAULT_REGIME_INDEX;
  let regimeAt: ((t: number) => string | undefined) | undefined;
  if (db === undefined && !series.some((s) => s.symbol === regimeIndex)) {
    // Without an open store the index is read (store file or embedded) when attribution by regime
    // is first read (--json, the report), not for every run; no data: "unknown", as below.
    let timeline: RegimeTimeline | null | undefined;
    regimeAt = (t) => {
      timeline ??= (() => {
        try {
          // Not traded: no series is read (nor kept alive by this closure).
          const index = indexColumns(config, regimeIndex, [], barSize, undefined, "regime index");
          return RegimeTimeline.rules(index.columns.time, index.columns.close, barSizeMs(index.barSize));
        } catch {
          return null;
        }
      })();
      const label = timeline?.at(t);
      return label && label.trend && label.vol ? labelText(label) : undefined;
    };
  } else {
    try {
      // The store (db) is closed after the run: its bars are read now.
      const index = indexColumns(config, regimeIndex, series, barSize, db, "regime index");
      // The labels are worked out when attribution by regime is first read (--json, the report), not for every run.
      let timeline: RegimeTimeline | undefined;
      // A trade's entry fills at the open of its bar: the regime known then is the one at the previous close.
      regimeAt = (t) => {
        timeline ??= RegimeTimeline.rules(index.columns.time, index.columns.close, barSizeMs(index.barSize));
        const label = timeline.at(t);
        return label && label.trend && label.vol ? labelText(label) : undefined;
      };
    } catch {
      regimeAt = undefined; // no index data: attribution by regime says "unknown"
    }
  }
  const benchmark = request.benchmark
    ? (() => {
        const b = indexColumns(config, request.benchmark, series, barSize, db, "--benchmark").columns;
        return { symbol: request.benchmark, time: b.time, close: b.close };
      })()
    : undefined;
  const result = portfolioAnalytics({
    time: input.equity.time,
    equity: input.equity.equity,
    trades: input.trades,
    strategyOf: () => input.strategy,
    regimeAt,
    benchmark,
    barsPerYear: input.barsPerYear,
    riskFreeRate: request.riskFreeRate,
  });
  if (!input.strategyTrades || input.strategyTrades.length < 2) return result;
  // The account's round trips mix strategies; each strategy's own book says what it earned.
  const owner = new Map<TradeRecord, string>();
  for (const s of input.strategyTrades) for (const t of s.trades) owner.set(t, s.strategy);
  const own = attribution({ trades: [...owner.keys()], strategyOf: (t) => owner.get(t) ?? "unknown" });
  return withByStrategy(result, own);
}
