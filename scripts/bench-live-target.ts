/** The live target of issue 14 and when a session has enough orders to judge it (bench-run.ts, bench-scripts.ts). */

/** bar-to-order p99 with 100 symbols on the simulator, ms. */
export const LIVE_TARGET_P99_MS = 5;

/**
 * Orders needed before p99 is judged. The number of orders above the true 99th percentile is
 * Binomial(n, 1 %): with 400 orders the chance that none is (the reported p99 is then the
 * slowest order, as in the earlier ~66-order sessions, where that chance was 51 %) is 1.8 %,
 * and ~4 orders lie above it on average.
 */
export const MIN_ORDERS_FOR_P99 = 400;
