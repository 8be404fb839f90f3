import type { PortfolioAnalytics } from "../../backtest/analytics/analytics.ts";
import type { StrategyShare } from "../../backtest/stats/by-strategy.ts";
import type { Stats } from "../../backtest/stats/stats.ts";
import type { BacktestExit, BacktestRefusal, EquityColumns, TradeRecord } from "../../backtest/types.ts";
import type { WalkForwardConfig } from "../../backtest/walk-forward/config.ts";
import type { WindowResult } from "../../backtest/walk-forward/walk-forward.ts";
import type { CsvStream } from "../../adapters/csv/csv-stream.ts";
import type { BarSize } from "../../core/bar.ts";
import type { DataCounts } from "../../core/data-validation/index.ts";
import type { OrderUpdate } from "../../core/events.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import type { ConfiguredStrategy, Direction } from "../../strategy/types.ts";
import type { SetupOverrides } from "../setup/trading-setup.ts";
import type { AnalyticsRequest } from "./analytics-setup.ts";
import type { RegimeFilterRequest } from "./regime-setup.ts";

export interface BacktestRequest {
  /** Tickers (store or embedded SPX); exclusive with `dataFiles`. */
  readonly symbols?: readonly string[];
  /** CSV or Parquet files, one symbol each, named after the file ("aapl.csv" -> AAPL). */
  readonly dataFiles?: readonly string[];
  /** A catalogue directory of Parquet files (DIR/<bar size>/<SYMBOL>.parquet) to read `symbols` from instead of the store. */
  readonly catalog?: string | undefined;
  readonly barSize: BarSize;
  readonly timeZone?: string | undefined;
  /** Inclusive epoch-ms bounds on bar time. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  /** A built-in strategy's name (with `params`), or a strategy already configured (a plug-in file). */
  readonly strategy: string | ConfiguredStrategy;
  readonly params: Readonly<Record<string, unknown>>;
  readonly direction: Direction;
  /** Setup flags (sizing, risk, exits, validation, costs); anything absent comes from config. */
  readonly setup?: Omit<SetupOverrides, "strategy" | "symbols" | "params" | "direction" | "barSize">;
  readonly initialCash: number;
  readonly walkForward?: WalkForwardConfig | undefined;
  /** Walk-forward in-sample statistics merged from shards (robotrader merge): not run again. */
  readonly mergedInSample?: readonly Stats[] | undefined;
  /** --regime-filter: entries only in the named regimes (docs/regime.md). */
  readonly regimeFilter?: RegimeFilterRequest | undefined;
  /** --benchmark, --risk-free (docs/analytics.md); default: no benchmark, risk-free 0. */
  readonly analytics?: AnalyticsRequest | undefined;
  /** Walk-forward and --each: worker threads (default every core; 1 = this thread). */
  readonly workers?: number | undefined;
  /**
   * ctx.market.regime()'s index, when a caller running many backtests on the same index has it
   * already (backtest --each, per worker); default: from the index's bars, as marketRegimeSource.
   */
  readonly marketRegime?: MarketRegimeSource | undefined;
  /** Skip the portfolio analytics (attribution, rolling figures): `backtest --each` prints none per symbol. */
  readonly skipAnalytics?: boolean;
  readonly report?: string | undefined;
  /** Save the run to the store (default true). */
  readonly save?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * `dataFiles`' one CSV file, already being read on a worker (startCsvStream, at the start of the
   * command): its bars; a plain run of it is simulated while it is read (streamed-run.ts).
   */
  readonly csvStream?: CsvStream | undefined;
}

export interface BacktestOutcome {
  readonly symbols: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly stats: Stats;
  readonly trades: readonly TradeRecord[];
  readonly equity: EquityColumns;
  /** Buy-and-hold of the same symbols over the same period, from the same capital. */
  readonly benchmark: EquityColumns;
  /** What traded: strategy, sizing, risk, exits, validation, costs. */
  readonly setup: TradingSetup;
  /** Orders the broker reduced, rejected or expired (plain backtest only). */
  readonly notices: readonly OrderUpdate[];
  /** Orders a risk rule refused (walk-forward: in the out-of-sample account). */
  readonly refusals: readonly BacktestRefusal[];
  /** Stop-loss, take-profit and trailing-stop exits, sent or refused (walk-forward: in the out-of-sample account). */
  readonly exits: readonly BacktestExit[];
  /** Bars the validator accepted and rejected, by reason (null: not validated, or walk-forward). */
  readonly data: DataCounts | null;
  /** When the daily loss limit turned the kill switch on. */
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
  readonly windows?: readonly WindowResult[];
  /** Several strategies in the account: each one's fills, positions and P&L. */
  readonly strategies?: readonly StrategyShare[];
  /** Attribution, rolling figures, benchmark-relative figures, trading habits. */
  readonly analytics?: PortfolioAnalytics;
  readonly runId?: number;
  readonly reportPath?: string;
}

/** What one walk-forward shard (--shard i/N) leaves: its in-sample statistics by job number. */
export interface ShardOutcome {
  readonly symbols: readonly string[];
  readonly jobs: number;
  readonly results: readonly (readonly [number, unknown])[];
}
