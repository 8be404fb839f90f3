import { fullGC } from "bun:jsc";

/**
 * Garbage collection hints for a long backtest (docs/performance.md, "Memory").
 *
 * JSC sizes the allocation it allows before its next collection from the heap it found at the
 * last one, bar columns included. The last collection before the bar loop runs while the file is
 * being read (chunk, growing columns: ~110 MB for 1M bars), so the loop's short-lived garbage
 * (tens of bytes per bar in the engine) was never collected: it all stayed until the end, 40 to
 * 65 MB of the peak for 1M bars. A full collection after loading (the reader's leftovers), a hint
 * every BARS_PER_HINT bars of the loop, and a full collection once the run returned (the columns
 * it alone read) keep the peak to the columns, the run's own objects and a few MB.
 * Bun.gc(false) only asks: JSC collects concurrently and the call returns in well under a
 * millisecond. Runs of fewer than BARS_PER_HINT bars collect nothing of their own (a daily series,
 * each symbol of backtest --each): JSC's own pacing is right for them.
 */
export const BARS_PER_HINT = 1 << 17;

/**
 * Collect everything now (synchronous, full; compiled code is kept, unlike Bun.gc(true)). Its
 * cost is the live objects, not the columns (never scanned): a few ms after loading, 10-40 ms of
 * CPU after a 1M-bar run (300k-600k objects: fills, trades, refusals).
 */
export function collectNow(bars: number): void {
  if (bars >= BARS_PER_HINT) fullGC();
}

/** Ask JSC to collect soon (asynchronous; no code is thrown away, unlike Bun.gc(true)). */
export function collectSoon(bars: number): void {
  if (bars >= BARS_PER_HINT) Bun.gc(false);
}

/**
 * The feed's progress callback (time steps done, total), also asking for a collection each
 * BARS_PER_HINT bars (`symbols` bars per time step at most).
 */
export function collectingProgress(onProgress: ((done: number, total: number) => void) | undefined, symbols: number): (done: number, total: number) => void {
  const stepsPerHint = hintSteps(symbols);
  let next = stepsPerHint;
  return (done, total) => {
    if (done >= next && done < total) {
      next = done + stepsPerHint;
      collectSoon(BARS_PER_HINT);
    }
    onProgress?.(done, total);
  };
}

/** Time steps between two hints: BARS_PER_HINT bars at `symbols` bars per step. */
function hintSteps(symbols: number): number {
  return Math.max(1, Math.floor(BARS_PER_HINT / Math.max(1, symbols)));
}

/**
 * How often (in time steps) the feed must report progress for collectingProgress to hint on
 * time: its default, 4,096 steps, is 2M bars apart at 500 symbols, where the run of 500 x 5,000
 * left its garbage uncollected (~100 MB of the peak).
 */
export function progressSteps(symbols: number): number {
  return Math.min(4096, hintSteps(symbols));
}
