import { formatBarTime } from "../../adapters/csv/index.ts";
import { EMBEDDED_SYMBOL } from "../../adapters/embedded/sp500.ts";
import { deleteBars, listSeries, seriesSummary, type SeriesSummary } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { isDateBarSize, type BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";

export interface DeleteRequest {
  readonly db: Db;
  readonly symbol: string;
  /** All of the symbol's bar sizes when left out. */
  readonly barSize?: BarSize | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export interface DeleteSummary {
  readonly symbol: string;
  /** Each series touched, with the span and count of the bars deleted from it. */
  readonly deleted: readonly SeriesSummary[];
  /** SPX 1d is no longer stored: the embedded S&P 500 series serves it again. */
  readonly embeddedBack: boolean;
}

/**
 * Deletes stored bars in one transaction. Nothing matching is a UserError that lists what is
 * stored for the symbol, since a typo would otherwise "succeed" silently.
 */
export function deleteStoredBars(request: DeleteRequest): DeleteSummary {
  const { db, symbol, barSize, from, to } = request;
  const deleted = deleteBars(db, { symbol, barSize, from, to });
  if (deleted.length === 0) {
    const stored = listSeries(db).filter((s) => s.symbol === symbol);
    const what = `${symbol}${barSize ? ` ${barSize}` : ""}${from !== undefined || to !== undefined ? " in that range" : ""}`;
    const have = stored.length === 0 ? `nothing is stored for ${symbol}` : `stored for ${symbol}: ${stored.map(describe).join("; ")}`;
    const embedded = symbol === EMBEDDED_SYMBOL && (barSize === undefined || barSize === "1d") ? ` (the embedded ${EMBEDDED_SYMBOL} 1d series is built in and cannot be deleted)` : "";
    throw new UserError(`No stored bars for ${what}: ${have}${embedded}. Nothing was deleted.`);
  }
  const embeddedBack = symbol === EMBEDDED_SYMBOL && deleted.some((s) => s.barSize === "1d") && !seriesSummary(db, { symbol, barSize: "1d" });
  return { symbol, deleted, embeddedBack };
}

export function describe(s: SeriesSummary): string {
  const daily = isDateBarSize(s.barSize);
  return `${s.barSize} ${s.count} bar${s.count === 1 ? "" : "s"} ${formatBarTime(s.first, daily)} .. ${formatBarTime(s.last, daily)}`;
}
