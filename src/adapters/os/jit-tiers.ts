import { noFTL } from "bun:jsc";

/** A function of the program: only its identity (its compiled code) is used. */
export type Code = (...args: never[]) => unknown;

/**
 * Keeps these functions out of JavaScriptCore's top tier (the FTL); they still reach the
 * baseline and DFG tiers. Each is marked for good, its closures and its class's instances
 * included (the mark is on the code, not on one function object).
 *
 * The FTL compiles on a background thread, and a compile costs far more CPU and fresh memory
 * than the DFG's: in a run of a few hundred milliseconds it pays only for code that runs
 * millions of times after it is ready. A 1M-bar backtest FTL-compiled ~20 functions of its
 * order path (~20k calls) for ~40% of the FTL's CPU (docs/performance.md, "JIT tiers").
 */
export function keepOffTopTier(code: Iterable<Code>): void {
  for (const fn of code) noFTL(fn as (...args: unknown[]) => unknown);
}
