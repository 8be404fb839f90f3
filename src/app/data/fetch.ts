import { systemClock } from "../../adapters/clock/system-clock.ts";
import type { Clock } from "../../core/clock.ts";
import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { fetchHistoricalBars } from "../../adapters/ib/data/historical.ts";
import type { HistoricalPacer } from "../../adapters/ib/requests/pacer.ts";
import { isPacingRefusal, PACING_RETRY_MS, retryPacing } from "../../adapters/ib/requests/pacing-retry.ts";
import { isNoHistoricalData } from "../../adapters/ib/error-codes.ts";
import { toIbBarSize } from "../../adapters/ib/parse/bar-size.ts";
import { durationMs, formatDuration, MAX_DURATION, type Duration } from "../../adapters/ib/parse/duration.ts";
import { saveBars, seriesSummary } from "../../adapters/sqlite/bars-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { barSizeMs, type Bar, type BarSize } from "../../core/bar.ts";
import type { Logger } from "../../log/logger.ts";

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
  /**
   * Waits before asking again after IB refuses a chunk for pacing (162). IB paces per login,
   * so an earlier run or another program can use up the windows our own pacer cannot see.
   * Default: the one pacing schedule (adapters/ib/requests/pacing-retry.ts).
   */
  readonly pacingRetryMs?: readonly number[];
  /** Time for those waits (default: the system clock). */
  readonly clock?: Clock;
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
  /** Stopped by Ctrl-C / SIGTERM; what was saved stays, a re-run resumes. */
  interrupted: boolean;
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
  const s: SymbolFetch = { symbol, requests: 0, received: 0, inserted: 0, unchanged: 0, replaced: 0, conflicts: 0, refused: 0, first: undefined, last: undefined, error: undefined, interrupted: false };
  const retries = o.pacingRetryMs ?? PACING_RETRY_MS;
  const stored = seriesSummary(o.db, key);
  const wanted = durationMs(o.duration);
  /** Bars start times: `wanted` of history ends with a bar starting one bar before the newest ends. */
  const span = Math.max(0, wanted - barSizeMs(o.barSize));

  /** One chunk ending at `end` (undefined = IB's now); returns its bars or undefined to stop. */
  const chunk = async (end: number | undefined, ms: number): Promise<Bar[] | undefined> => {
    const duration = chunkDuration(ms, o.barSize);
    const request = { symbol, barSize: o.barSize, duration, ...(end !== undefined ? { endTime: end } : {}), ...(o.signal ? { signal: o.signal } : {}) };
    const r = await retryPacing(
      () => {
        s.requests += 1;
        return fetchHistoricalBars(o.conn, o.pacer, request);
      },
      {
        clock: o.clock ?? systemClock, schedule: retries, signal: o.signal,
        onWait: (wait, attempt, of, refused) => o.log?.warn(`${symbol}: IB refused ${refused.request} for pacing (162); asking again in ${formatWait(wait)} (retry ${attempt} of ${of}; Ctrl-C stops, a re-run resumes)`),
      },
    );
    if (!r.ok && (o.signal?.aborted || r.error.kind === "cancelled")) {
      s.interrupted = true;
      return undefined;
    }
    if (!r.ok) {
      // IB's "HMDS query returned no data" marks the start of a symbol's history, not a failure.
      if (isNoHistoricalData(r.error.code, r.error.message)) return undefined;
      const pacing = isPacingRefusal(r) && retries.length > 0;
      s.error = `IB ${r.error.code || r.error.kind}: ${r.error.message}${pacing ? ` (still refused after ${retries.length} waits; run the same command later to resume)` : ""}`;
      return undefined;
    }
    s.received += r.value.bars.length;
    s.refused += r.value.refused.length;
    const bars = end === undefined ? finishedBars(r.value.bars, o.barSize, r.value.windowEnd) : r.value.bars;
    if (bars.length < r.value.bars.length) o.log?.debug(`${symbol}: the newest bar (${new Date(r.value.bars.at(-1)!.time).toISOString()}) is still forming; not stored (a later run fetches it finished)`);
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
  let newest = await walkBack(undefined, firstMs, (n) => (stored ? stored.last : n - span));
  newest ??= stored?.last;
  // Older part: before the oldest stored bar, down to newest - duration.
  if (!s.error && !s.interrupted && stored && newest !== undefined && stored.first > newest - span) {
    const target = newest - span;
    await walkBack(stored.first, stored.first - target, () => target);
  }
  const after = seriesSummary(o.db, key);
  s.first = after?.first;
  s.last = after?.last;
  return s;
}

/**
 * Drops bars whose period has not ended by `windowEnd` (IB's now for a request ending "now"):
 * the bar still forming while the market (or a replay) is open changes until its end, so
 * storing it would make the next run see a "different" bar.
 */
export function finishedBars(bars: Bar[], barSize: BarSize, windowEnd: number | undefined): Bar[] {
  if (windowEnd === undefined) return bars;
  const size = barSizeMs(barSize);
  let n = bars.length;
  while (n > 0 && bars[n - 1]!.time + size > windowEnd) n--;
  return n === bars.length ? bars : bars.slice(0, n);
}

function formatWait(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}
