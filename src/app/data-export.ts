import { rename } from "node:fs/promises";
import { formatBarsCsv } from "../adapters/csv/index.ts";
import type { Db } from "../adapters/sqlite/db.ts";
import type { BarSize } from "../core/bar.ts";
import { UserError } from "../core/errors.ts";
import { loadBars, type LoadedBars } from "./load-bars.ts";

export interface ExportRequest {
  readonly db?: Db | undefined;
  readonly symbol: string;
  readonly barSize: BarSize;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** One series as CSV (time,open,high,low,close,volume) that `data import` reads back unchanged. */
export function exportBarsCsv(request: ExportRequest): { csv: string; loaded: LoadedBars } {
  const loaded = loadBars(request);
  return { csv: formatBarsCsv(loaded.bars, loaded.barSize), loaded };
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await Bun.write(tmp, text);
    await rename(tmp, file);
  } catch (error) {
    await Bun.file(tmp).delete().catch(() => undefined);
    throw new UserError(`Cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
