/**
 * Time and timers as an adapter sees them (IB connection, pacing, the gateway simulator):
 * the one Clock port. Pure layers never read time; adapters take a Clock so tests run on
 * FakeClock (adapters/clock/fake-clock.ts) instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Calls fn after ms; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}
