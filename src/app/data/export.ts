import { rename } from "node:fs/promises";
import { formatBarsCsv } from "../../adapters/csv/index.ts";
import { UserError } from "../../core/errors.ts";
import { barsParquetBytes } from "../../adapters/parquet/bars-parquet-write.ts";
import { loadBarColumns, loadBars, type LoadBarsRequest, type LoadedBars } from "./load-bars.ts";

/** One series as CSV (time,open,high,low,close,volume) that `data import` reads back unchanged. */
export function exportBarsCsv(request: LoadBarsRequest): { csv: string; loaded: LoadedBars } {
  const loaded = loadBars(request);
  return { csv: formatBarsCsv(loaded.bars, loaded.barSize), loaded };
}

/** One series as Parquet (time as TIMESTAMP ms, OHLCV as DOUBLE) that `data import` and `backtest --data` read back unchanged. */
export function exportBarsParquet(request: LoadBarsRequest): { bytes: Uint8Array; bars: number; source: LoadedBars["source"] } {
  const { columns, source } = loadBarColumns(request);
  return { bytes: barsParquetBytes(columns), bars: columns.time.length, source };
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomically(file: string, text: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await Bun.write(tmp, text);
    await rename(tmp, file);
  } catch (error) {
    await Bun.file(tmp).delete().catch(() => undefined);
    throw new UserError(`Cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
