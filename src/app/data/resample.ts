import { saveBars } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { BarSize } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { canResample, resampleBars } from "../../core/resample.ts";
import { guardEmbeddedSeries } from "./embedded-guard.ts";
import { loadBars } from "./load-bars.ts";

export interface ResampleRequest {
  readonly db: Db;
  readonly symbol: string;
  readonly from: BarSize;
  readonly to: BarSize;
  readonly range?: { readonly from?: number; readonly to?: number };
  /** Overwrite stored target bars that differ; else such a run stores nothing. */
  readonly replace?: boolean;
}

export interface ResampleSummary {
  readonly symbol: string;
  readonly from: BarSize;
  readonly to: BarSize;
  readonly source: "store" | "embedded";
  readonly read: number;
  readonly bars: number;
  readonly first: number;
  readonly last: number;
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
}

/** Reads one series (stored, or the embedded SPX), combines it into `to` bars and stores them, all or nothing. */
export function resampleStored(request: ResampleRequest): ResampleSummary {
  const { db, symbol, from, to } = request;
  const check = canResample(from, to);
  if (!check.ok) throw new UserError(`data resample: ${check.message}`);
  guardEmbeddedSeries(db, symbol, to, Boolean(request.replace), "data resample");
  const loaded = loadBars({ db, symbol, barSize: from, from: request.range?.from, to: request.range?.to });
  const bars = resampleBars(loaded.bars, from, to);
  const saved = saveBars(db, { symbol, barSize: to }, bars, request.replace ? "replace" : "refuse");
  if (saved.conflicts.length > 0) {
    throw new UserError(
      `data resample: ${saved.conflicts.length} of the ${bars.length} ${to} bars differ from the ${symbol} ${to} bars already stored ` +
        `(first at ${new Date(saved.conflicts[0]!.incoming.time).toISOString()}). Re-run with --replace to overwrite them. Nothing was stored.`,
    );
  }
  return {
    symbol, from, to, source: loaded.source, read: loaded.bars.length, bars: bars.length, first: bars[0]!.time, last: bars.at(-1)!.time,
    inserted: saved.inserted, unchanged: saved.unchanged, replaced: saved.replaced,
  };
}
