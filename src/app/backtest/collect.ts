import { fullGC } from "bun:jsc";

/**
 * Garbage collection hints for a long backtest (docs/performance.md, "Memory").
 *
 * JSC sizes the allocation it allows before its next collection from the heap it found at the
 * last one, bar columns included. The last collection before the bar loop runs while the file is
 * being read (chunk, growing columns: ~110 MB for 1M bars), so the loop's short-lived garbage
 * (tens of bytes per bar in the engine) was never collected: it all stayed until the end, 40 to
 * 65 MB of the peak for 1M bars. A hint after loading, every BARS_PER_HINT bars of the loop and
 * after the run keeps it to a few MB. Bun.gc(false) only asks: JSC collects concurrently and the
 * call returns in well under a millisecond; runs under BARS_PER_HINT bars get no hint in the loop.
 */
export const BARS_PER_HINT = 1 << 17;

/**
 * Off while `backtest --each` runs many short backtests in one thread: there each hint is a
 * collection of a heap holding the batch's other results, about a third of a 5,000-bar run's CPU.
 */
let hints = true;

/** Runs `f` without the hints below (restored after, also on failure). */
export async function withoutGcHints<T>(f: () => Promise<T>): Promise<T> {
  const before = hints;
  hints = false;
  try {
    return await f();
  } finally {
    hints = before;
  }
}

/**
 * Collect everything now (synchronous, full). Cheap where few objects live (right after loading
 * the bars: ~40k objects and the columns, which are not scanned); the call leaves compiled code alone.
 */
export function collectNow(): void {
  if (hints) fullGC();
}

/** Ask JSC to collect soon (asynchronous; no code is thrown away, unlike Bun.gc(true)). */
export function collectSoon(): void {
  if (hints) Bun.gc(false);
}

/**
 * The feed's progress callback (time steps done, total), also asking for a collection each
 * BARS_PER_HINT bars (`symbols` bars per time step at most).
 */
export function collectingProgress(onProgress: ((done: number, total: number) => void) | undefined, symbols: number): (done: number, total: number) => void {
  const stepsPerHint = Math.max(1, Math.floor(BARS_PER_HINT / Math.max(1, symbols)));
  let next = stepsPerHint;
  return (done, total) => {
    if (done >= next && done < total) {
      next = done + stepsPerHint;
      collectSoon();
    }
    onProgress?.(done, total);
  };
}
