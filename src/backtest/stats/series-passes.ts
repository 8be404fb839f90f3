import type { Drawdown } from "./drawdown.ts";

const DAY_MS = 86_400_000;

/**
 * A value series read in place: value_i = 0 + scale x raw_i. Scale 1 is the values themselves;
 * buy-and-hold of one symbol is its shares x its closes, scored without an array of its own.
 */
export interface ScaledValues {
  readonly raw: ArrayLike<number>;
  readonly scale: number;
}

/** What one pass over the values gives: the sums the moments and turnover need, and the drawdowns. */
export interface FirstPass {
  /** Sum of the per-bar returns r_0 = v_0 / base - 1, r_t = v_t / v_(t-1) - 1 (0 after a value of 0), in bar order. */
  readonly sumReturns: number;
  /** Sum of the values, in bar order. */
  readonly sumValues: number;
  readonly maxDrawdown: Drawdown | null;
  readonly longestDrawdown: Drawdown | null;
}

/**
 * The returns' sum, the values' sum and the deepest and longest drawdown episodes in one pass.
 * Each sum adds its terms in bar order, as separate loops would: the same floating-point results.
 * The deepest and the longest episode are kept as indexes (no object per episode, no closure
 * over the loop's variables) and made into Drawdowns at the end.
 */
export function firstPass(times: ArrayLike<number>, values: ScaledValues, base: number): FirstPass {
  const s = scanValues(values, base);
  const n = values.raw.length;
  let maxDrawdown = s.maxEnd < 0 ? null : episode(times, s.maxPeak, s.maxTrough, s.maxDepth, s.maxEnd, true);
  let longestDrawdown = s.longEnd < 0 ? null : episode(times, s.longPeak, s.longTrough, s.longDepth, s.longEnd, true);
  if (s.troughIndex >= 0) {
    // Still under water at the end: the open episode, to the last bar.
    const open = episode(times, s.peakIndex, s.troughIndex, s.troughDepth, n - 1, false);
    if (maxDrawdown === null || open.depth > maxDrawdown.depth) maxDrawdown = open;
    if (longestDrawdown === null || open.durationBars > longestDrawdown.durationBars) longestDrawdown = open;
  }
  return { sumReturns: s.sumReturns, sumValues: s.sumValues, maxDrawdown, longestDrawdown };
}

/** What firstPass's loop leaves: its sums, the open episode and the deepest and longest closed ones, as indexes. */
interface Scan {
  readonly sumReturns: number;
  readonly sumValues: number;
  readonly peakIndex: number;
  readonly troughIndex: number;
  readonly troughDepth: number;
  readonly maxDepth: number;
  readonly maxPeak: number;
  readonly maxTrough: number;
  readonly maxEnd: number;
  readonly longPeak: number;
  readonly longTrough: number;
  readonly longDepth: number;
  readonly longEnd: number;
}

/**
 * firstPass's loop, apart from the Drawdowns it makes once at the end: the JIT compiles this,
 * the hot part, without them (docs/performance.md, "JIT tiers").
 */
function scanValues(values: ScaledValues, base: number): Scan {
  const { raw, scale } = values;
  const n = raw.length;
  let sumReturns = 0;
  let sumValues = 0;
  let prev = base;
  let peak = base;
  let peakIndex = 0;
  let troughIndex = -1; // -1: at a peak, no episode open
  let troughDepth = 0;
  // The deepest and the longest episode so far (end -1: none yet); an episode ends at its recovery.
  let maxDepth = 0;
  let maxPeak = 0;
  let maxTrough = 0;
  let maxEnd = -1;
  let longPeak = 0;
  let longTrough = 0;
  let longDepth = 0;
  let longEnd = -1;
  for (let i = 0; i < n; i++) {
    const v = 0 + scale * raw[i]!;
    sumReturns += prev === 0 ? 0 : v / prev - 1;
    prev = v;
    sumValues += v;
    if (v >= peak) {
      if (troughIndex >= 0) {
        if (maxEnd < 0 || troughDepth > maxDepth) {
          maxDepth = troughDepth;
          maxPeak = peakIndex;
          maxTrough = troughIndex;
          maxEnd = i;
        }
        if (longEnd < 0 || i - peakIndex > longEnd - longPeak) {
          longDepth = troughDepth;
          longPeak = peakIndex;
          longTrough = troughIndex;
          longEnd = i;
        }
      }
      troughIndex = -1;
      troughDepth = 0;
      peak = v;
      peakIndex = i; // the latest bar at the high: an episode starts where the fall starts
      continue;
    }
    const depth = 1 - v / peak;
    if (troughIndex < 0 || depth > troughDepth) {
      troughIndex = i;
      troughDepth = depth;
    }
  }
  return { sumReturns, sumValues, peakIndex, troughIndex, troughDepth, maxDepth, maxPeak, maxTrough, maxEnd, longPeak, longTrough, longDepth, longEnd };
}

function episode(times: ArrayLike<number>, peakIndex: number, troughIndex: number, depth: number, endIndex: number, recovered: boolean): Drawdown {
  const endTime = times[endIndex]!;
  return {
    depth,
    peakTime: times[peakIndex]!,
    troughTime: times[troughIndex]!,
    recoveryTime: recovered ? endTime : null,
    durationBars: endIndex - peakIndex,
    durationDays: (endTime - times[peakIndex]!) / DAY_MS,
  };
}

/** Sums of squares about the mean: raw (x - mean), excess (x - rf - (mean - rf)) and downside (min(0, x - rf)). */
export interface SecondPass {
  readonly ssRaw: number;
  readonly ssExcess: number;
  readonly ssDown: number;
}

/** The second pass of the textbook two-pass formulas over the returns, term by term, in bar order. */
export function secondPass(values: ScaledValues, base: number, mean: number, rf: number): SecondPass {
  const { raw, scale } = values;
  const n = raw.length;
  const mExcess = mean - rf;
  let ssRaw = 0;
  let ssExcess = 0;
  let ssDown = 0;
  let prev = base;
  for (let i = 0; i < n; i++) {
    const v = 0 + scale * raw[i]!;
    const x = prev === 0 ? 0 : v / prev - 1;
    prev = v;
    const d = x - mean;
    ssRaw += d * d;
    const e = x - rf - mExcess;
    ssExcess += e * e;
    ssDown += square(downside(x - rf));
  }
  return { ssRaw, ssExcess, ssDown };
}

/**
 * Math.min(0, y) but for the sign of a zero, without a branch on the sign: a minute's return is
 * up or down at random, and a mispredicted branch per bar cost ~10 ms per 1M bars. y < 0:
 * (y + y) / 2 is y exactly (doubling and halving are exact; beyond +-MAX / 2 both are infinite
 * in the square); y >= 0: 0; NaN: NaN. Only +Infinity needs the (never taken) other branch.
 */
function downside(y: number): number {
  return y < Infinity ? (y - Math.abs(y)) * 0.5 : y > 0 ? 0 : y;
}

function square(x: number): number {
  return x * x;
}

const WARM_BARS = 4096;
const WARM_CALLS = 60;

/**
 * Runs both passes over a small made-up series often enough for JSC to compile them fully
 * (function entry, its top tier), so that scoring a long run after its last bar starts in
 * optimized code instead of tiering up inside one cold million-bar loop (~70 ms of CPU at load 5
 * for the equity and its buy-and-hold, ~10 ms warm; this costs ~15). Called before a long run:
 * the compiling happens while the bars run. No effect on any result.
 */
export function warmSeriesPasses(): void {
  const times = new Float64Array(WARM_BARS);
  const values = new Float64Array(WARM_BARS);
  let v = 100;
  for (let i = 0; i < WARM_BARS; i++) {
    times[i] = i * 60_000;
    // Rises, falls and recoveries, flat stretches: both sides of every branch.
    v = i % 7 === 0 ? v : v * (1 + Math.sin(i * 0.7) * 0.01);
    values[i] = v;
  }
  for (let k = 0; k < WARM_CALLS; k++) {
    // An equity (scale 1) and a holding (shares x close), as scoring reads them.
    const series = { raw: values, scale: k % 2 === 0 ? 1 : 1.5 };
    const base = k % 2 === 0 ? 100 : 150.5;
    const first = firstPass(times, series, base);
    secondPass(series, base, first.sumReturns / WARM_BARS, 0);
  }
}
