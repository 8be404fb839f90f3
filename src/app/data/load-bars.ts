import { formatBarTime } from "../../adapters/csv/index.ts";
import { EMBEDDED_SYMBOL, embeddedBars } from "../../adapters/embedded/sp500.ts";
import { queryBars, seriesSummary } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { Bar, BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";

export interface LoadBarsRequest {
  /** The store; without one only the embedded series is available. */
  readonly db?: Db | undefined;
  readonly symbol: string;
  readonly barSize: BarSize;
  /** Inclusive epoch-ms bounds on bar time. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export interface LoadedBars {
  readonly symbol: string;
  readonly barSize: BarSize;
  readonly source: "store" | "embedded";
  readonly bars: readonly Bar[];
}

/** Whether the embedded S&P 500 series serves this request (SPX daily). */
export function isEmbeddedSeries(symbol: string, barSize: BarSize): boolean {
  return symbol === EMBEDDED_SYMBOL && barSize === "1d";
}

/**
 * Bars for one series in time order: the stored ones, or, for SPX 1d with none stored, the
 * embedded S&P 500 series (no import step). Throws UserError naming what is missing and how
 * to get it; never returns an empty series.
 */
export function loadBars(request: LoadBarsRequest): LoadedBars {
  const { db, symbol, barSize, from, to } = request;
  const daily = barSize === "1d";
  const stored = db ? seriesSummary(db, { symbol, barSize }) : undefined;
  let source: LoadedBars["source"];
  let bars: readonly Bar[];
  let span: { first: number; last: number };
  if (db && stored) {
    source = "store";
    bars = queryBars(db, { symbol, barSize, from, to });
    span = stored;
  } else if (isEmbeddedSeries(symbol, barSize)) {
    source = "embedded";
    const all = embeddedBars();
    bars = all.filter((b) => (from === undefined || b.time >= from) && (to === undefined || b.time <= to)).map(({ symbol: _, ...bar }) => bar);
    span = { first: all[0]!.time, last: all.at(-1)!.time };
  } else {
    throw new UserError(
      `No ${barSize} bars for ${symbol}${db ? " in the store" : ""}. Import them first: ` +
        `robotrader data import FILE.csv --symbol ${symbol} --bar-size ${barSize}` +
        (symbol !== EMBEDDED_SYMBOL ? ` (or use the embedded ${EMBEDDED_SYMBOL} 1d series)` : ""),
    );
  }
  if (bars.length === 0) {
    const fmt = (t: number | undefined) => (t === undefined ? "…" : formatBarTime(t, daily));
    throw new UserError(
      `No ${barSize} bars for ${symbol} between ${fmt(from)} and ${fmt(to)}; ` +
        `${source === "store" ? "stored" : "embedded"} bars span ${fmt(span.first)} .. ${fmt(span.last)}`,
    );
  }
  return { symbol, barSize, source, bars };
}
