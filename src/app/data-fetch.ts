import type { IbConnection } from "../adapters/ib/connection.ts";
import { fetchHistoricalBars } from "../adapters/ib/historical.ts";
import type { HistoricalPacer } from "../adapters/ib/pacer.ts";
import { toIbBarSize } from "../adapters/ib/parse/bar-size.ts";
import { durationMs, formatDuration, MAX_DURATION, type Duration } from "../adapters/ib/parse/duration.ts";
import { saveBars, seriesSummary } from "../adapters/sqlite/bars-repo.ts";
import type { Db } from "../adapters/sqlite/db.ts";
import { barSizeMs, type Bar, type BarSize } from "../core/bar.ts";
import type { Logger } from "../log/logger.ts";

export interface DataFetchOptions {
  readonly conn: IbConnection;
  readonly pacer: HistoricalPacer;
  readonly db: Db;
  readonly symbols: readonly string[];
  readonly barSize: BarSize;
  /** How far back from the newest bar IB has. */
  readonly duration: Duration;
  /** Overwrite stored bars whose values differ (else such a chunk is refused and reported). */
  readonly replace?: boolean;
  /** Local time, only to size the first request when bars are already stored. */
  readonly now: number;
  readonly signal?: AbortSignal;
  readonly log?: Logger;
}

export interface SymbolFetch {
  readonly symbol: string;
  requests: number;
  received: number;
  inserted: number;
  unchanged: number;
  replaced: number;
  /** Bars refused because the store holds different values (nothing of that chunk was written). */
  conflicts: number;
  /** IB rows that broke bar rules. */
  refused: number;
  first: number | undefined;
  last: number | undefined;
  /** Set when the symbol stopped on an error (others go on). */
  error: string | undefined;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** The duration string for one request of at most `ms`, within IB's limit for the bar size. */
export function chunkDuration(ms: number, barSize: BarSize): Duration {
  const max = MAX_DURATION[barSize];
  const capped = Math.max(barSizeMs(barSize), Math.min(ms, durationMs(max)));
  if (max.unit === "S") return { count: Math.ceil(capped / 1000), unit: "S" };
  if (max.unit === "Y" && capped >= YEAR) return { count: 1, unit: "Y" };
  if (capped < DAY) return { count: Math.max(60, Math.ceil(capped / 1000)), unit: "S" };
  return { count: Math.ceil(capped / DAY), unit: "D" };
}

/**
 * Downloads history into the store, resumable: what is stored is not asked for again. It
 * walks back from IB's newest bar in chunks no longer than IB serves for the bar size, saving
 * each chunk in one transaction, then fills older history before the oldest stored bar. All
 * requests go through the historical pacer. A symbol's failure is reported; others go on.
 */
export async function fetchHistoryToStore(o: DataFetchOptions): Promise<SymbolFetch[]> {
  const out: SymbolFetch[] = [];
  for (const symbol of o.symbols) {
    if (o.signal?.aborted) break;
    out.push(await fetchSymbol(o, symbol));
  }
  return out;
}

async function fetchSymbol(o: DataFetchOptions, symbol: string): Promise<SymbolFetch> {
  const key = { symbol, barSize: o.barSize };
  const s: SymbolFetch = { symbol, requests: 0, received: 0, inserted: 0, unchanged: 0, replaced: 0, conflicts: 0, refused: 0, first: undefined, last: undefined, error: undefined };
  const stored = seriesSummary(o.db, key);
  const wanted = durationMs(o.duration);

  /** One chunk ending at `end` (undefined = IB's now); returns its bars or undefined to stop. */
  const chunk = async (end: number | undefined, ms: number): Promise<Bar[] | undefined> => {
    if (o.signal?.aborted) return undefined;
    const duration = chunkDuration(ms, o.barSize);
    s.requests += 1;
    const r = await fetchHistoricalBars(o.conn, o.pacer, { symbol, barSize: o.barSize, duration, ...(end !== undefined ? { endTime: end } : {}) });
    if (!r.ok) {
      // IB's "HMDS query returned no data" marks the start of a symbol's history, not a failure.
      if (r.error.code === 162 && /no data/i.test(r.error.message)) return undefined;
      s.error = `IB ${r.error.code || r.error.kind}: ${r.error.message}`;
      return undefined;
    }
    const bars = r.value.bars;
    s.received += bars.length;
    s.refused += r.value.refused.length;
    if (bars.length === 0) return undefined;
    const saved = saveBars(o.db, key, bars, o.replace ? "replace" : "refuse");
    s.inserted += saved.inserted;
    s.unchanged += saved.unchanged;
    s.replaced += saved.replaced;
    if (saved.conflicts.length > 0) {
      s.conflicts += saved.conflicts.length;
      const c = saved.conflicts[0]!;
      s.error = `${saved.conflicts.length} bars from IB differ from stored ones (first at ${new Date(c.stored.time).toISOString()}: stored close ${c.stored.close}, IB close ${c.incoming.close}); nothing of that chunk was written; use --replace to take IB's values`;
      return undefined;
    }
    o.log?.info(`${symbol} ${toIbBarSize(o.barSize)} ${formatDuration(duration)}${end === undefined ? "" : ` to ${new Date(end).toISOString()}`}: ${bars.length} bars, ${saved.inserted} new`);
    return bars;
  };

  /**
   * Walks back from `end` (undefined = IB's now) until `target` is reached or IB has nothing
   * older. Each request asks only for what is still missing. Returns the newest bar time seen.
   */
  const walkBack = async (end: number | undefined, firstMs: number, target: (newest: number) => number): Promise<number | undefined> => {
    let newest: number | undefined;
    let ms = firstMs;
    for (;;) {
      const bars = await chunk(end, ms);
      if (!bars) return newest;
      const oldest = bars[0]!.time;
      newest ??= bars.at(-1)!.time;
      const goal = target(newest);
      if (oldest <= goal || (end !== undefined && oldest >= end)) return newest;
      end = oldest;
      ms = oldest - goal;
    }
  };

  // Newer part: from IB's now back to what is stored (or the whole wanted span).
  const firstMs = stored ? Math.max(o.now - stored.last, 0) + barSizeMs(o.barSize) : wanted;
  let newest = await walkBack(undefined, firstMs, (n) => (stored ? stored.last : n - wanted));
  newest ??= stored?.last;
  // Older part: before the oldest stored bar, down to newest - duration.
  if (!s.error && stored && newest !== undefined && stored.first > newest - wanted) {
    const target = newest - wanted;
    await walkBack(stored.first, stored.first - target, () => target);
  }
  const after = seriesSummary(o.db, key);
  s.first = after?.first;
  s.last = after?.last;
  return s;
}
