import * as jsc from "bun:jsc";

/** A function of the program: only its identity (its compiled code) is used. */
export type Code = (...args: never[]) => unknown;

type Mark = (func: (...args: unknown[]) => unknown) => void;

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
  for (const fn of code) jsc.noFTL(fn as (...args: unknown[]) => unknown);
}

/**
 * Keeps these functions from being compiled into their callers (inlined): a caller that runs
 * per bar and calls one of them only now and then (an order on a signal) is then compiled
 * without it, smaller and sooner, at every tier (docs/performance.md, "JIT tiers"). Bun has
 * `noInline` in `bun:jsc` without declaring it; where it is missing nothing is marked.
 */
export function keepOutOfCallers(code: Iterable<Code>): void {
  const noInline = (jsc as unknown as { readonly noInline?: Mark }).noInline;
  if (noInline === undefined) return;
  for (const fn of code) noInline(fn as (...args: unknown[]) => unknown);
}
