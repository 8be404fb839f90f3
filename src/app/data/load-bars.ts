import { formatBarTime } from "../../adapters/csv/index.ts";
import { EMBEDDED_SYMBOL, embeddedColumns } from "../../adapters/embedded/sp500.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { isDateBarSize, type Bar, type BarArrays, type BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";

/** The store's bar queries, loaded with the first store read (the embedded SPX and --data runs read none). */
const barsRepo = () => require("../../adapters/sqlite/bars-repo.ts") as typeof import("../../adapters/sqlite/bars-repo.ts");

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
  const { columns, source } = loadBarColumns(request);
  const { time, open, high, low, close, volume } = columns;
  const bars = Array.from(time, (t, i): Bar => ({ time: t, open: open[i]!, high: high[i]!, low: low[i]!, close: close[i]!, volume: volume[i]! }));
  return { symbol: request.symbol, barSize: request.barSize, source, bars };
}

/** loadBars as columns (no object per bar). */
export function loadBarColumns(request: LoadBarsRequest): { columns: BarArrays; source: LoadedBars["source"] } {
  const { db, symbol, barSize, from, to } = request;
  const daily = isDateBarSize(barSize);
  const stored = db ? barsRepo().seriesSummary(db, { symbol, barSize }) : undefined;
  let source: LoadedBars["source"];
  let columns: BarArrays;
  let span: { first: number; last: number };
  if (db && stored) {
    source = "store";
    columns = barsRepo().queryBarArrays(db, { symbol, barSize, from, to });
    span = stored;
  } else if (isEmbeddedSeries(symbol, barSize)) {
    source = "embedded";
    // The bars from `from` to `to` (inclusive), copied out of the shared columns (times ascend).
    const all = embeddedColumns();
    const n = all.time.length;
    let lo = 0;
    while (lo < n && !(from === undefined || all.time[lo]! >= from)) lo++;
    let hi = 0;
    while (hi < n && (to === undefined || all.time[hi]! <= to)) hi++;
    const col = (c: Float64Array) => c.slice(lo, Math.max(lo, hi));
    columns = { time: col(all.time), open: col(all.open), high: col(all.high), low: col(all.low), close: col(all.close), volume: col(all.volume) };
    span = { first: all.time[0]!, last: all.time[n - 1]! };
  } else {
    throw new UserError(
      `No ${barSize} bars for ${symbol}${db ? " in the store" : ""}. Import them first: ` +
        `robotrader data import FILE.csv --symbol ${symbol} --bar-size ${barSize}` +
        (symbol !== EMBEDDED_SYMBOL ? ` (or use the embedded ${EMBEDDED_SYMBOL} 1d series)` : ""),
    );
  }
  if (columns.time.length === 0) {
    const fmt = (t: number | undefined) => (t === undefined ? "…" : formatBarTime(t, daily));
    throw new UserError(
      `No ${barSize} bars for ${symbol} between ${fmt(from)} and ${fmt(to)}; ` +
        `${source === "store" ? "stored" : "embedded"} bars span ${fmt(span.first)} .. ${fmt(span.last)}`,
    );
  }
  return { columns, source };
}
