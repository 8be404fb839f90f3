/**
 * Runs `fn` once, `delayMs` after the last poke: pokes come from a turn that handled bars
 * (its commits, its step closing), and the delay lets that turn and any read right behind it
 * finish first. The runner's WAL checkpoint goes here, so its writes and fsync of the database
 * file run between steps, not beside an order's commit (docs/performance.md, live).
 */
export function afterTurn(fn: () => void, delayMs: number): { readonly poke: () => void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    fn();
  };
  return {
    poke() {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(run, delayMs);
      timer.unref?.();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The pause after a trading turn before its checkpoint. */
export const CHECKPOINT_AFTER_TURN_MS = 20;
/** A checkpoint at least this often when no turn asks (relaxed writes between steps still reach the database file). */
export const CHECKPOINT_FALLBACK_MS = 30_000;
