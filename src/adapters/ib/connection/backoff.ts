export interface BackoffOptions {
  /** First delay; doubles per attempt. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** In [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 60_000 } as const;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential growth capped at maxMs,
 * with "equal jitter" (half fixed, half random) so many clients never retry in lockstep
 * and a delay is never near zero.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`backoffDelay: attempt must be an integer >= 0, got ${attempt}`);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  const half = ceiling / 2;
  return Math.round(half + half * options.random());
}
