import type { SymbolSeries } from "../../backtest/historical-feed.ts";
import { regimeFilterCheck } from "../../backtest/regime-check.ts";
import { barSizeMs, type BarArrays, type BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { PreTradeCheck } from "../../engine/ports.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import { parseRegimeFilter } from "../../regime/regime-filter.ts";
import { RegimeTimeline } from "../../regime/regime-timeline.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { loadBarColumns } from "../data/load-bars.ts";
import { loadSeriesColumns } from "../data/load-series.ts";

export interface RegimeFilterRequest {
  /** --regime-filter, e.g. "bull,low-vol". */
  readonly filter: string;
  /** Whose regime decides: the market index's (default) or each symbol's own. */
  readonly source: "market" | "symbol";
  /** The market index symbol (default SPX, the embedded series). */
  readonly index: string;
  /** rules (default): volatility band by percentile; hmm: volatility from a causal 2-state HMM. */
  readonly method?: "rules" | "hmm";
}

export const DEFAULT_REGIME_INDEX = "SPX";

/** The parsed filter; UserError naming the flag. */
export function checkRegimeFilter(request: RegimeFilterRequest): void {
  const parsed = parseRegimeFilter(request.filter);
  if (!parsed.ok) throw new UserError(`--regime-filter: ${parsed.error}`);
}

/**
 * The pre-trade check for --regime-filter: rules regimes (trend vs the 200-bar SMA, realized
 * volatility percentile) computed causally over the traded series or the market index, looked
 * up at each signal bar's close.
 */
export function regimeCheck(
  config: Pick<AppConfig, "dataDir">,
  request: RegimeFilterRequest,
  series: readonly SymbolSeries[],
  barSize: BarSize,
  db: Db | undefined,
): PreTradeCheck {
  const parsed = parseRegimeFilter(request.filter);
  if (!parsed.ok) throw new UserError(`--regime-filter: ${parsed.error}`);
  const barMs = barSizeMs(barSize);
  const build = (time: ArrayLike<number>, close: ArrayLike<number>, ms: number) =>
    request.method === "hmm" ? RegimeTimeline.hmm(time, close, ms) : RegimeTimeline.rules(time, close, ms);
  if (request.source === "symbol") {
    const timelines = new Map(series.map((s) => [s.symbol, build(s.time, s.close, barMs)] as const));
    return regimeFilterCheck({ filter: parsed.filter, source: { kind: "symbol", timelines }, barMs });
  }
  const index = indexColumns(config, request.index, series, barSize, db);
  const timeline = build(index.columns.time, index.columns.close, barSizeMs(index.barSize));
  return regimeFilterCheck({ filter: parsed.filter, source: { kind: "market", symbol: request.index, timeline }, barMs });
}

/** The index's bars: a traded series of that name, else the store or embedded data at the traded bar size, else daily. */
export function indexColumns(
  config: Pick<AppConfig, "dataDir">,
  symbol: string,
  series: readonly SymbolSeries[],
  barSize: BarSize,
  db: Db | undefined,
  purpose = "--regime-filter needs the market index (--regime-index)",
): { columns: BarArrays; barSize: BarSize } {
  const traded = series.find((s) => s.symbol === symbol);
  if (traded) return { columns: traded, barSize };
  const problems: string[] = [];
  for (const size of barSize === "1d" ? (["1d"] as const) : ([barSize, "1d"] as const)) {
    try {
      const columns = db ? loadBarColumns({ db, symbol, barSize: size }).columns : loadSeriesColumns(config, { symbol, barSize: size });
      return { columns, barSize: size };
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  throw new UserError(`${purpose}: ${symbol}: ${problems.join("; ")}`);
}

/**
 * What `ctx.market.regime()` reads in a backtest: the index's slot when it trades, else its
 * rules regime from its own bars (store or embedded) at each bar's close; unknown without data.
 */
export function marketRegimeSource(
  config: Pick<AppConfig, "dataDir">,
  index: string,
  series: readonly SymbolSeries[],
  barSize: BarSize,
  db: Db | undefined,
  /** A --regime-filter on the market needs the index: its absence is then a user error. */
  required = false,
): MarketRegimeSource {
  const symbols = series.map((s) => s.symbol);
  if (!required || symbols.includes(index)) return marketRegimeOfSymbols(config, index, symbols, barSize, db);
  const loaded = indexColumns(config, index, series, barSize, db);
  const timeline = RegimeTimeline.rules(loaded.columns.time, loaded.columns.close, barSizeMs(loaded.barSize));
  const barMs = barSizeMs(barSize);
  return { symbol: index, at: (barTime) => timeline.at(barTime + barMs) };
}

/**
 * marketRegimeSource (not required) from the symbols traded alone: also for a run whose bars are
 * not read yet (streamed-run.ts).
 */
export function marketRegimeOfSymbols(config: Pick<AppConfig, "dataDir">, index: string, symbols: readonly string[], barSize: BarSize, db: Db | undefined): MarketRegimeSource {
  return symbols.includes(index) ? { symbol: index } : indexRegimeOnRead(config, index, barSize, db);
}

/** An index not traded: its own bars' rules regime. */
function indexRegimeOnRead(config: Pick<AppConfig, "dataDir">, index: string, barSize: BarSize, db: Db | undefined): MarketRegimeSource {
  // Loaded on the first read: a strategy that never asks for the market regime (most) does not
  // pay for the index's bars and their labels. Without data the regime stays unknown (undefined),
  // as a source without `at`.
  const barMs = barSizeMs(barSize);
  let timeline: RegimeTimeline | null | undefined;
  const load = (): RegimeTimeline | null => {
    try {
      // Not traded (above): no series is read, and none is kept alive by this closure.
      const loaded = indexColumns(config, index, [], barSize, db, "market index");
      return RegimeTimeline.rules(loaded.columns.time, loaded.columns.close, barSizeMs(loaded.barSize));
    } catch {
      return null;
    }
  };
  return {
    symbol: index,
    at: (barTime) => {
      timeline ??= load();
      return timeline === null ? undefined : timeline.at(barTime + barMs);
    },
  };
}
