import { EMBEDDED_SOURCE, EMBEDDED_SYMBOL, embeddedBars } from "../../adapters/embedded/sp500.ts";
import { listSeries } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { BarSize } from "../../core/bar.ts";

export interface SeriesInfo {
  readonly symbol: string;
  readonly barSize: BarSize;
  readonly first: number;
  readonly last: number;
  readonly count: number;
  readonly source: "store" | "embedded";
  /** Where embedded data comes from. */
  readonly origin?: string;
}

/** Every stored series, then the embedded SPX (1d) that needs no import. */
export function listData(db: Db | undefined): SeriesInfo[] {
  const stored: SeriesInfo[] = db ? listSeries(db).map((s) => ({ ...s, source: "store" as const })) : [];
  const spx = embeddedBars();
  return [
    ...stored,
    { symbol: EMBEDDED_SYMBOL, barSize: "1d", first: spx[0]!.time, last: spx.at(-1)!.time, count: spx.length, source: "embedded", origin: EMBEDDED_SOURCE },
  ];
}
