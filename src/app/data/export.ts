import { rename } from "node:fs/promises";
import { formatBarsCsv } from "../../adapters/csv/index.ts";
import { UserError } from "../../core/errors.ts";
import { loadBars, type LoadBarsRequest, type LoadedBars } from "./load-bars.ts";

/** One series as CSV (time,open,high,low,close,volume) that `data import` reads back unchanged. */
export function exportBarsCsv(request: LoadBarsRequest): { csv: string; loaded: LoadedBars } {
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
