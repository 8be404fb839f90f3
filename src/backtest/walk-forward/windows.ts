import { UserError } from "../../core/errors.ts";
import { firstAtOrAfter } from "../../core/sorted-search.ts";

/** A window length: a number of bars, or calendar days / months (a year is 12 months, a week 7 days). */
export type Span =
  | { readonly unit: "bars"; readonly n: number }
  | { readonly unit: "days"; readonly n: number }
  | { readonly unit: "months"; readonly n: number };

export type WindowMode = "rolling" | "anchored";

export interface WindowSpec {
  readonly train: Span;
  readonly test: Span;
  /** How far each test window starts after the previous one; defaults to `test`. */
  readonly step?: Span | undefined;
  readonly mode: WindowMode;
}

/** Bars [from, to) of the time line (to exclusive), with their first and last times. */
export interface BarRange {
  readonly from: number;
  readonly to: number;
  readonly fromTime: number;
  /** Time of the last bar in the range (inclusive). */
  readonly toTime: number;
}

export interface Window {
  readonly index: number;
  readonly train: BarRange;
  readonly test: BarRange;
}

/**
 * Splits a time line into walk-forward windows. Each test window starts where its training window
 * ends (train.to === test.from), so a test bar is never a training bar of the same window. Rolling:
 * the training window has a fixed length and slides; anchored: it always starts at bar 0 and grows.
 * Test windows follow each other by `step` (>= test length, so they never overlap; with a larger
 * step the out-of-sample account keeps a window's parameters until the next test window starts).
 * The last test window may be shorter than `test`.
 */
export function splitWindows(times: ArrayLike<number>, spec: WindowSpec): Window[] {
  const n = times.length;
  for (const [name, span] of [["train", spec.train], ["test", spec.test], ["step", spec.step]] as const) {
    if (span && !(Number.isInteger(span.n) && span.n > 0)) {
      throw new UserError(`walk-forward: --${name} must be a positive whole number of ${span.unit}, got ${span.n}`);
    }
  }
  const step = spec.step ?? spec.test;
  const windows: Window[] = [];
  let testFrom = advance(times, 0, spec.train);
  while (testFrom < n) {
    const testTo = Math.min(n, advance(times, testFrom, spec.test));
    const trainFrom = spec.mode === "anchored" ? 0 : retreat(times, testFrom, spec.train);
    const previous = windows.at(-1);
    if (previous && testFrom < previous.test.to) {
      throw new UserError(
        `walk-forward: --step (${describeSpan(step)}) is shorter than --test (${describeSpan(spec.test)}): test windows would overlap; use a step >= the test length`,
      );
    }
    windows.push({ index: windows.length, train: range(times, trainFrom, testFrom), test: range(times, testFrom, testTo) });
    const next = advance(times, testFrom, step);
    if (next <= testFrom) break;
    testFrom = next;
  }
  if (windows.length === 0) {
    throw new UserError(
      `walk-forward: ${n} bars are not enough for one training window of ${describeSpan(spec.train)} followed by a test window`,
    );
  }
  return windows;
}

function range(times: ArrayLike<number>, from: number, to: number): BarRange {
  return { from, to, fromTime: times[from]!, toTime: times[to - 1]! };
}

/** Index of the first bar at or after `span` past bar i (n when past the end). */
function advance(times: ArrayLike<number>, i: number, span: Span): number {
  if (span.unit === "bars") return Math.min(i + span.n, times.length);
  const target = shift(times[i] ?? Number.POSITIVE_INFINITY, span, 1);
  return firstAtOrAfter(times, target, i);
}

/** Index of the first bar at or after `span` before bar i (0 at the start). */
function retreat(times: ArrayLike<number>, i: number, span: Span): number {
  if (span.unit === "bars") return Math.max(0, i - span.n);
  return firstAtOrAfter(times, shift(times[i]!, span, -1), 0);
}

function shift(time: number, span: Span, sign: 1 | -1): number {
  if (span.unit === "days") return time + sign * span.n * 86_400_000;
  const d = new Date(time);
  d.setUTCMonth(d.getUTCMonth() + sign * span.n);
  return d.getTime();
}

export function describeSpan(span: Span): string {
  return `${span.n} ${span.unit}`;
}
